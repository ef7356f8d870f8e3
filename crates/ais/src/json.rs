//! gpsd's JSON form of a message (`class: "AIS"`), through serde.
//!
//! [`Gpsd::raw`] writes the values as received, which is gpsd's unscaled output (`gpsd -u`,
//! `"scaled":false`, the form of gpsd's regression `.chk` files): same keys, same order, same
//! values. [`Gpsd::scaled`] writes gpsd's default scaled form for the fields gpsd scales:
//! positions in degrees (4 decimals), speed in knots and course in degrees (1 decimal), draught
//! in metres, rate of turn in degrees per minute, with gpsd's strings for the special values
//! (`"nan"`, `"fast"`, `"fastleft"`, `"fastright"`). gpsd's descriptive `*_text` legends
//! (`status_text`, `shiptype_text`, …) are not written. gpsd writes type 24 only once parts A
//! and B of one MMSI are both in; here each part is written as it comes, with its `partno`, and
//! [`Type24Pairing`] with [`Gpsd::with_shipname`] gives gpsd's joined form.
//!
//! With [`Gpsd::with_meta`] the receive metadata follows gpsd's fields: `received` (Unix
//! seconds), `station`, `talker`, `channel`, `line`.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::decoder::{Decoded, Meta};
use crate::message::*;

/// A message as gpsd writes it; see the module docs.
#[derive(Debug, Clone, Copy)]
pub struct Gpsd<'a> {
    message: &'a Message,
    meta: Option<&'a Meta>,
    scaled: bool,
    shipname: Option<&'a str>,
}

impl<'a> Gpsd<'a> {
    /// Unscaled values, as `gpsd -u`.
    pub fn raw(message: &'a Message) -> Self {
        Self {
            message,
            meta: None,
            scaled: false,
            shipname: None,
        }
    }

    /// Scaled values, as gpsd by default.
    pub fn scaled(message: &'a Message) -> Self {
        Self {
            message,
            meta: None,
            scaled: true,
            shipname: None,
        }
    }

    /// Adds the receive metadata after gpsd's fields.
    pub fn with_meta(mut self, meta: &'a Meta) -> Self {
        self.meta = Some(meta);
        self
    }

    /// Writes part B of a type 24 as gpsd does once it has part A: with the ship name (from
    /// [`Type24Pairing`]) before the part B fields.
    pub fn with_shipname(mut self, name: &'a str) -> Self {
        self.shipname = Some(name);
        self
    }

    /// The JSON of a decoded message with its metadata, unscaled.
    pub fn of(d: &'a Decoded) -> Self {
        Self::raw(&d.message).with_meta(&d.meta)
    }
}

fn round(v: f64, decimals: i32) -> f64 {
    let p = 10f64.powi(decimals);
    (v * p).round() / p
}

/// A JSON value that is either a number or one of gpsd's special strings.
enum NumOr {
    Num(f64),
    Str(&'static str),
}

impl Serialize for NumOr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            NumOr::Num(v) => s.serialize_f64(*v),
            NumOr::Str(t) => s.serialize_str(t),
        }
    }
}

struct Writer<M> {
    m: M,
    scaled: bool,
}

impl<M: SerializeMap> Writer<M> {
    fn e<V: Serialize + ?Sized>(&mut self, k: &str, v: &V) -> Result<(), M::Error> {
        self.m.serialize_entry(k, v)
    }

    /// A position field in 1/10,000 minute (or 1/10 minute with `div` 600).
    fn latlon(&mut self, k: &str, v: i32, div: f64) -> Result<(), M::Error> {
        if self.scaled {
            self.e(k, &round(f64::from(v) / div, 4))
        } else {
            self.e(k, &v)
        }
    }

    fn speed(&mut self, v: u16) -> Result<(), M::Error> {
        if !self.scaled {
            return self.e("speed", &v);
        }
        let s = match v {
            1023 => NumOr::Str("nan"),
            1022 => NumOr::Str("fast"),
            v => NumOr::Num(round(f64::from(v) / 10.0, 1)),
        };
        self.e("speed", &s)
    }

    fn course(&mut self, v: u16) -> Result<(), M::Error> {
        if self.scaled {
            self.e("course", &round(f64::from(v) / 10.0, 1))
        } else {
            self.e("course", &v)
        }
    }

    fn turn(&mut self, v: i8) -> Result<(), M::Error> {
        if !self.scaled {
            return self.e("turn", &v);
        }
        let t = match Turn::from_raw(v) {
            Turn::NotAvailable => NumOr::Str("nan"),
            Turn::FastRight => NumOr::Str("fastright"),
            Turn::FastLeft => NumOr::Str("fastleft"),
            Turn::Rate(r) => NumOr::Num(r.round()),
        };
        self.e("turn", &t)
    }

    fn dims(&mut self, bow: u16, stern: u16, port: u8, starboard: u8) -> Result<(), M::Error> {
        self.e("to_bow", &bow)?;
        self.e("to_stern", &stern)?;
        self.e("to_port", &port)?;
        self.e("to_starboard", &starboard)
    }

    fn data(&mut self, d: &crate::bits::BinaryData) -> Result<(), M::Error> {
        self.e("data", &d.gpsd_string())
    }
}

impl Serialize for Gpsd<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let m = s.serialize_map(None)?;
        let mut w = Writer {
            m,
            scaled: self.scaled,
        };
        let msg = self.message;
        w.e("class", "AIS")?;
        w.e("type", &msg.msg_type())?;
        w.e("repeat", &msg.repeat())?;
        w.e("mmsi", &msg.mmsi())?;
        w.e("scaled", &self.scaled)?;
        const P: f64 = 600_000.0;
        const P27: f64 = 600.0;
        match msg {
            Message::Position(m) => {
                w.e("status", &m.status)?;
                w.turn(m.turn)?;
                w.speed(m.speed)?;
                w.e("accuracy", &m.accuracy)?;
                w.latlon("lon", m.lon, P)?;
                w.latlon("lat", m.lat, P)?;
                w.course(m.course)?;
                w.e("heading", &m.heading)?;
                w.e("second", &m.second)?;
                w.e("maneuver", &m.maneuver)?;
                w.e("raim", &m.raim)?;
                w.e("radio", &m.radio)?;
            }
            Message::BaseStation(m) => {
                let ts = format!(
                    "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                    m.year, m.month, m.day, m.hour, m.minute, m.second
                );
                w.e("timestamp", &ts)?;
                w.e("accuracy", &m.accuracy)?;
                w.latlon("lon", m.lon, P)?;
                w.latlon("lat", m.lat, P)?;
                w.e("epfd", &m.epfd)?;
                w.e("raim", &m.raim)?;
                w.e("radio", &m.radio)?;
            }
            Message::StaticVoyage(m) => {
                w.e("imo", &m.imo)?;
                w.e("ais_version", &m.ais_version)?;
                w.e("callsign", &m.callsign)?;
                w.e("shipname", &m.shipname)?;
                w.e("shiptype", &m.shiptype)?;
                w.dims(m.to_bow, m.to_stern, m.to_port, m.to_starboard)?;
                w.e("epfd", &m.epfd)?;
                let eta = format!("{:02}-{:02}T{:02}:{:02}Z", m.month, m.day, m.hour, m.minute);
                w.e("eta", &eta)?;
                if w.scaled {
                    w.e("draught", &round(f64::from(m.draught) / 10.0, 1))?;
                } else {
                    w.e("draught", &m.draught)?;
                }
                w.e("destination", &m.destination)?;
                w.e("dte", &m.dte)?;
            }
            Message::BinaryAddressed(m) => {
                w.e("seqno", &m.seqno)?;
                w.e("dest_mmsi", &m.dest_mmsi)?;
                w.e("retransmit", &m.retransmit)?;
                w.e("dac", &m.dac)?;
                w.e("fid", &m.fid)?;
                match m.app {
                    Some(AddressedApp::PersonsOnBoard {
                        crew,
                        passengers,
                        personnel,
                    }) => {
                        w.e("crew", &crew)?;
                        w.e("passengers", &passengers)?;
                        w.e("personnel", &personnel)?;
                    }
                    Some(AddressedApp::AtonMonitoring {
                        ana_int,
                        ana_ext1,
                        ana_ext2,
                        racon,
                        light,
                        alarm,
                        stat_ext,
                        off_pos,
                    }) => {
                        w.e("off_pos", &off_pos)?;
                        w.e("alarm", &alarm)?;
                        w.e("stat_ext", &stat_ext)?;
                        for (k, v) in [
                            ("ana_int", ana_int),
                            ("ana_ext1", ana_ext1),
                            ("ana_ext2", ana_ext2),
                        ] {
                            if w.scaled && v != 0 {
                                w.e(k, &round(f64::from(v) * 0.05, 2))?;
                            } else {
                                w.e(k, &v)?;
                            }
                        }
                        w.e("racon", &racon)?;
                        w.e("light", &light)?;
                    }
                    None => w.data(&m.data)?,
                }
            }
            Message::Acknowledge(m) => {
                for (k, v) in ["mmsi1", "mmsi2", "mmsi3", "mmsi4"].iter().zip(m.mmsis) {
                    w.e(k, &v)?;
                }
            }
            Message::BinaryBroadcast(m) => {
                w.e("dac", &m.dac)?;
                w.e("fid", &m.fid)?;
                match m.app {
                    Some(BroadcastApp::InlandStatic {
                        vin,
                        length,
                        beam,
                        shiptype,
                        hazard,
                        draught,
                        loaded,
                        speed_q,
                        course_q,
                        heading_q,
                    }) => {
                        w.e("vin", &vin)?;
                        w.e("length", &length)?;
                        w.e("beam", &beam)?;
                        w.e("shiptype", &shiptype)?;
                        w.e("hazard", &hazard)?;
                        w.e("draught", &draught)?;
                        w.e("loaded", &loaded)?;
                        w.e("speed_q", &speed_q)?;
                        w.e("course_q", &course_q)?;
                        w.e("heading_q", &heading_q)?;
                    }
                    None => w.data(&m.data)?,
                }
            }
            Message::SarAircraft(m) => {
                w.e("alt", &m.alt)?;
                w.e("speed", &m.speed)?;
                w.e("accuracy", &m.accuracy)?;
                w.latlon("lon", m.lon, P)?;
                w.latlon("lat", m.lat, P)?;
                w.course(m.course)?;
                w.e("second", &m.second)?;
                w.e("regional", &m.regional)?;
                w.e("dte", &m.dte)?;
                w.e("raim", &m.raim)?;
                w.e("radio", &m.radio)?;
            }
            Message::UtcInquiry(m) => w.e("dest_mmsi", &m.dest_mmsi)?,
            Message::SafetyAddressed(m) => {
                w.e("seqno", &m.seqno)?;
                w.e("dest_mmsi", &m.dest_mmsi)?;
                w.e("retransmit", &m.retransmit)?;
                w.e("text", &m.text)?;
            }
            Message::SafetyBroadcast(m) => w.e("text", &m.text)?,
            Message::Interrogation(m) => {
                w.e("mmsi1", &m.mmsi1)?;
                w.e("type1_1", &m.type1_1)?;
                w.e("offset1_1", &m.offset1_1)?;
                w.e("type1_2", &m.type1_2)?;
                w.e("offset1_2", &m.offset1_2)?;
                w.e("mmsi2", &m.mmsi2)?;
                w.e("type2_1", &m.type2_1)?;
                w.e("offset2_1", &m.offset2_1)?;
            }
            Message::AssignedMode(m) => {
                w.e("mmsi1", &m.mmsi1)?;
                w.e("offset1", &m.offset1)?;
                w.e("increment1", &m.increment1)?;
                w.e("mmsi2", &m.mmsi2)?;
                w.e("offset2", &m.offset2)?;
                w.e("increment2", &m.increment2)?;
            }
            Message::DgnssBroadcast(m) => {
                w.latlon("lon", m.lon, P27)?;
                w.latlon("lat", m.lat, P27)?;
                w.data(&m.data)?;
            }
            Message::ClassBPosition(m) => {
                w.e("reserved", &m.reserved)?;
                w.speed(m.speed)?;
                w.e("accuracy", &m.accuracy)?;
                w.latlon("lon", m.lon, P)?;
                w.latlon("lat", m.lat, P)?;
                w.course(m.course)?;
                w.e("heading", &m.heading)?;
                w.e("second", &m.second)?;
                w.e("regional", &m.regional)?;
                w.e("cs", &m.cs)?;
                w.e("display", &m.display)?;
                w.e("dsc", &m.dsc)?;
                w.e("band", &m.band)?;
                w.e("msg22", &m.msg22)?;
                w.e("raim", &m.raim)?;
                w.e("radio", &m.radio)?;
            }
            Message::ClassBExtended(m) => {
                w.e("reserved", &m.reserved)?;
                w.speed(m.speed)?;
                w.e("accuracy", &m.accuracy)?;
                w.latlon("lon", m.lon, P)?;
                w.latlon("lat", m.lat, P)?;
                w.course(m.course)?;
                w.e("heading", &m.heading)?;
                w.e("second", &m.second)?;
                w.e("regional", &m.regional)?;
                w.e("shipname", &m.shipname)?;
                w.e("shiptype", &m.shiptype)?;
                w.dims(m.to_bow, m.to_stern, m.to_port, m.to_starboard)?;
                w.e("epfd", &m.epfd)?;
                w.e("raim", &m.raim)?;
                w.e("dte", &u8::from(m.dte))?;
                w.e("assigned", &m.assigned)?;
            }
            Message::DataLinkManagement(m) => {
                for (k, s) in m.slots.iter().enumerate() {
                    let i = k + 1;
                    w.e(&format!("offset{i}"), &s.offset)?;
                    w.e(&format!("number{i}"), &s.number)?;
                    w.e(&format!("timeout{i}"), &s.timeout)?;
                    w.e(&format!("increment{i}"), &s.increment)?;
                }
            }
            Message::AidToNavigation(m) => {
                w.e("aid_type", &m.aid_type)?;
                w.e("name", &m.name)?;
                w.e("accuracy", &m.accuracy)?;
                w.latlon("lon", m.lon, P)?;
                w.latlon("lat", m.lat, P)?;
                w.dims(m.to_bow, m.to_stern, m.to_port, m.to_starboard)?;
                w.e("epfd", &m.epfd)?;
                w.e("second", &m.second)?;
                w.e("regional", &m.regional)?;
                w.e("off_position", &m.off_position)?;
                w.e("raim", &m.raim)?;
                w.e("virtual_aid", &m.virtual_aid)?;
                w.e("assigned", &m.assigned)?;
            }
            Message::ChannelManagement(m) => {
                w.e("channel_a", &m.channel_a)?;
                w.e("channel_b", &m.channel_b)?;
                w.e("txrx", &m.txrx)?;
                w.e("power", &m.power)?;
                match m.area {
                    ChannelArea::Area {
                        ne_lon,
                        ne_lat,
                        sw_lon,
                        sw_lat,
                    } => {
                        w.latlon("ne_lon", ne_lon, P27)?;
                        w.latlon("ne_lat", ne_lat, P27)?;
                        w.latlon("sw_lon", sw_lon, P27)?;
                        w.latlon("sw_lat", sw_lat, P27)?;
                        w.e("addressed", &false)?;
                    }
                    ChannelArea::Addressed { dest1, dest2 } => {
                        w.e("dest1", &dest1)?;
                        w.e("dest2", &dest2)?;
                        w.e("addressed", &true)?;
                    }
                }
                w.e("band_a", &m.band_a)?;
                w.e("band_b", &m.band_b)?;
                w.e("zonesize", &m.zonesize)?;
            }
            Message::GroupAssignment(m) => {
                w.latlon("ne_lon", m.ne_lon, P27)?;
                w.latlon("ne_lat", m.ne_lat, P27)?;
                w.latlon("sw_lon", m.sw_lon, P27)?;
                w.latlon("sw_lat", m.sw_lat, P27)?;
                w.e("stationtype", &m.stationtype)?;
                w.e("shiptype", &m.shiptype)?;
                w.e("txrx", &m.txrx)?;
                w.e("interval", &m.interval)?;
                w.e("quiet", &m.quiet)?;
            }
            Message::StaticData(m) => {
                w.e("partno", &m.partno())?;
                match &m.part {
                    StaticDataPart::A { shipname } => w.e("shipname", shipname)?,
                    StaticDataPart::B {
                        shiptype,
                        vendorid,
                        model,
                        serial,
                        callsign,
                        extent,
                    } => {
                        if let Some(name) = self.shipname {
                            w.e("shipname", name)?;
                        }
                        w.e("shiptype", shiptype)?;
                        w.e("vendorid", vendorid)?;
                        w.e("model", model)?;
                        w.e("serial", serial)?;
                        w.e("callsign", callsign)?;
                        match *extent {
                            StaticDataExtent::Dimensions {
                                to_bow,
                                to_stern,
                                to_port,
                                to_starboard,
                            } => w.dims(to_bow, to_stern, to_port, to_starboard)?,
                            StaticDataExtent::Mothership(mm) => w.e("mothership_mmsi", &mm)?,
                        }
                    }
                }
            }
            Message::SlotBinary(m) => {
                w.e("addressed", &m.addressed)?;
                w.e("structured", &m.structured)?;
                if m.addressed {
                    w.e("dest_mmsi", &m.dest_mmsi)?;
                }
                if m.structured {
                    w.e("app_id", &m.app_id)?;
                }
                w.data(&m.data)?;
                if m.msg_type == 26 {
                    w.e("radio", &m.radio)?;
                }
            }
            Message::LongRange(m) => {
                w.e("status", &m.status)?;
                w.e("accuracy", &m.accuracy)?;
                w.latlon("lon", m.lon, P27)?;
                w.latlon("lat", m.lat, P27)?;
                w.e("speed", &m.speed)?;
                w.e("course", &m.course)?;
                w.e("raim", &m.raim)?;
                w.e("gnss", &m.gnss)?;
            }
        }
        if let Some(meta) = self.meta {
            if let Some(secs) = meta.received_secs() {
                w.e("received", &secs)?;
            }
            if let Some(st) = &meta.station {
                w.e("station", st)?;
            }
            w.e("talker", meta.talker_str())?;
            if let Some(c) = meta.channel {
                w.e("channel", &(c as char))?;
            }
            w.e("line", &meta.line)?;
        }
        w.m.end()
    }
}

/// gpsd's pairing of type 24 parts: it keeps the names of the last eight parts A and writes a
/// part B, joined with the name of the same MMSI's part A, once that has come (a part A is
/// used once). Parts A alone and parts B without a part A are not written by gpsd.
#[derive(Debug, Default, Clone)]
pub struct Type24Pairing {
    recent: std::collections::VecDeque<(u32, crate::bits::Text<20>)>,
}

impl Type24Pairing {
    /// How many parts A are kept, as in gpsd (`MAX_TYPE24_INTERLEAVE`).
    pub const KEPT: usize = 8;

    /// An empty pairing.
    pub fn new() -> Self {
        Self::default()
    }

    /// For a part A, keeps its name and returns `None`; for a part B, returns (and forgets) the
    /// name of the last part A of the same MMSI, if one is kept; `None` for other messages.
    pub fn name_for(&mut self, m: &Message) -> Option<crate::bits::Text<20>> {
        let Message::StaticData(s) = m else {
            return None;
        };
        match &s.part {
            StaticDataPart::A { shipname } => {
                if self.recent.len() == Self::KEPT {
                    self.recent.pop_front();
                }
                self.recent.push_back((s.mmsi, *shipname));
                None
            }
            StaticDataPart::B { .. } => {
                let k = self.recent.iter().rposition(|(mmsi, _)| *mmsi == s.mmsi)?;
                self.recent.remove(k).map(|(_, name)| name)
            }
        }
    }
}
