//! Decoded AIS messages.
//!
//! Every field keeps the raw value of the wire, under gpsd's name, so that nothing is lost and
//! gpsd's unscaled JSON (`gpsd -u`) can be written exactly; methods give the scaled values
//! (degrees, knots, metres) with "not available" as `None`.

use crate::bits::{BinaryData, Text};

/// Longitude "not available" in 1/10,000 minute (181°).
pub const LON_NOT_AVAILABLE: i32 = 181 * 600_000;
/// Latitude "not available" in 1/10,000 minute (91°).
pub const LAT_NOT_AVAILABLE: i32 = 91 * 600_000;
/// Longitude "not available" in 1/10 minute, for type 27 (181°).
pub const LON_NOT_AVAILABLE_27: i32 = 181 * 600;
/// Latitude "not available" in 1/10 minute, for type 27 (91°).
pub const LAT_NOT_AVAILABLE_27: i32 = 91 * 600;
/// Speed over ground "not available" (tenths of a knot).
pub const SPEED_NOT_AVAILABLE: u16 = 1023;
/// Course over ground "not available" (tenths of a degree).
pub const COURSE_NOT_AVAILABLE: u16 = 3600;
/// True heading "not available".
pub const HEADING_NOT_AVAILABLE: u16 = 511;
/// Rate of turn "not available".
pub const TURN_NOT_AVAILABLE: i8 = -128;

/// A position in 1/10,000 minute, as degrees; `None` for "not available" or out of range.
pub(crate) fn degrees(v: i32, not_available: i32, limit_deg: i32, div: f64) -> Option<f64> {
    if v == not_available {
        return None;
    }
    let d = f64::from(v) / div;
    (d.abs() <= f64::from(limit_deg)).then_some(d)
}

/// Rate of turn, decoded from the ROT_AIS field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Turn {
    /// No turn information.
    NotAvailable,
    /// Turning right at more than 5° per 30 s, no turn indicator.
    FastRight,
    /// Turning left at more than 5° per 30 s, no turn indicator.
    FastLeft,
    /// Degrees per minute, positive to starboard: `(ROT_AIS / 4.733)²` with the sign kept.
    Rate(f64),
}

impl Turn {
    /// The rate of turn for a raw ROT_AIS value.
    pub fn from_raw(v: i8) -> Self {
        match v {
            -128 => Turn::NotAvailable,
            127 => Turn::FastRight,
            -127 => Turn::FastLeft,
            v => {
                let r = f64::from(v) / 4.733;
                Turn::Rate(r * r * f64::from(v).signum())
            }
        }
    }
}

/// Types 1, 2 and 3: Class A position report.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PositionReport {
    /// Message type: 1, 2 or 3.
    pub msg_type: u8,
    /// Repeat indicator (0–3).
    pub repeat: u8,
    /// Source MMSI.
    pub mmsi: u32,
    /// Navigation status (0–15; 15 = undefined).
    pub status: u8,
    /// Raw rate of turn (ROT_AIS, −128 = not available); see [`PositionReport::turn_rate`].
    pub turn: i8,
    /// Speed over ground in 0.1 knot (1023 = not available, 1022 = 102.2 knots or more).
    pub speed: u16,
    /// Position accuracy flag (true = high, < 10 m).
    pub accuracy: bool,
    /// Longitude in 1/10,000 minute (181° = not available).
    pub lon: i32,
    /// Latitude in 1/10,000 minute (91° = not available).
    pub lat: i32,
    /// Course over ground in 0.1° (3600 = not available).
    pub course: u16,
    /// True heading in degrees (511 = not available).
    pub heading: u16,
    /// UTC second of the report (60 = not available, 61 manual, 62 dead reckoning, 63 inoperative).
    pub second: u8,
    /// Manoeuvre indicator (0 not available, 1 none, 2 special).
    pub maneuver: u8,
    /// RAIM flag.
    pub raim: bool,
    /// Radio status (19 bits).
    pub radio: u32,
}

/// Types 4 and 11: base station report and UTC/date response.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BaseStationReport {
    /// Message type: 4 or 11.
    pub msg_type: u8,
    /// Repeat indicator.
    pub repeat: u8,
    /// Source MMSI.
    pub mmsi: u32,
    /// UTC year (0 = not available).
    pub year: u16,
    /// UTC month (0 = not available).
    pub month: u8,
    /// UTC day (0 = not available).
    pub day: u8,
    /// UTC hour (24 = not available).
    pub hour: u8,
    /// UTC minute (60 = not available).
    pub minute: u8,
    /// UTC second (60 = not available).
    pub second: u8,
    /// Position accuracy flag.
    pub accuracy: bool,
    /// Longitude in 1/10,000 minute.
    pub lon: i32,
    /// Latitude in 1/10,000 minute.
    pub lat: i32,
    /// Type of electronic position fixing device.
    pub epfd: u8,
    /// RAIM flag.
    pub raim: bool,
    /// Radio status (19 bits).
    pub radio: u32,
}

/// Type 5: static and voyage related data.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StaticVoyageData {
    /// Repeat indicator.
    pub repeat: u8,
    /// Source MMSI.
    pub mmsi: u32,
    /// AIS version (0 = ITU-R M.1371-1, …).
    pub ais_version: u8,
    /// IMO ship number (0 = not available).
    pub imo: u32,
    /// Call sign (7 characters).
    pub callsign: Text<7>,
    /// Ship name (20 characters).
    pub shipname: Text<20>,
    /// Ship and cargo type code.
    pub shiptype: u8,
    /// Dimension to bow, metres.
    pub to_bow: u16,
    /// Dimension to stern, metres.
    pub to_stern: u16,
    /// Dimension to port, metres.
    pub to_port: u8,
    /// Dimension to starboard, metres.
    pub to_starboard: u8,
    /// Type of electronic position fixing device.
    pub epfd: u8,
    /// ETA month (0 = not available).
    pub month: u8,
    /// ETA day (0 = not available).
    pub day: u8,
    /// ETA hour (24 = not available).
    pub hour: u8,
    /// ETA minute (60 = not available).
    pub minute: u8,
    /// Draught in 0.1 m.
    pub draught: u8,
    /// Destination (20 characters; may be cut short in 420/422-bit messages).
    pub destination: Text<20>,
    /// Data terminal equipment ready flag (0 = available, 1 = not available).
    pub dte: u8,
}

/// Application data of type 6 that gpsd decodes field by field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AddressedApp {
    /// DAC 200, FID 55: number of persons on board (inland AIS).
    PersonsOnBoard {
        /// Crew members (255 = unknown).
        crew: u8,
        /// Passengers (8191 = unknown).
        passengers: u16,
        /// Shipboard personnel (255 = unknown).
        personnel: u8,
    },
    /// DAC 235 or 250, FID 10: GLA aid-to-navigation monitoring data.
    AtonMonitoring {
        /// Analogue internal voltage (0.05 V).
        ana_int: u16,
        /// Analogue external voltage 1 (0.05 V).
        ana_ext1: u16,
        /// Analogue external voltage 2 (0.05 V).
        ana_ext2: u16,
        /// RACON status.
        racon: u8,
        /// Light status.
        light: u8,
        /// Alarm flag.
        alarm: bool,
        /// Extended status bits.
        stat_ext: u8,
        /// Off-position flag.
        off_pos: bool,
    },
}

/// Type 6: addressed binary message.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BinaryAddressed {
    /// Repeat indicator.
    pub repeat: u8,
    /// Source MMSI.
    pub mmsi: u32,
    /// Sequence number (0–3).
    pub seqno: u8,
    /// Destination MMSI.
    pub dest_mmsi: u32,
    /// Retransmit flag.
    pub retransmit: bool,
    /// Designated area code.
    pub dac: u16,
    /// Function identifier.
    pub fid: u8,
    /// The application data after the FID (bits 88 on).
    pub data: BinaryData,
    /// The application data decoded, for the DAC/FID pairs known here.
    pub app: Option<AddressedApp>,
}

/// Types 7 and 13: binary and safety acknowledgement.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Acknowledge {
    /// Message type: 7 or 13.
    pub msg_type: u8,
    /// Repeat indicator.
    pub repeat: u8,
    /// Source MMSI.
    pub mmsi: u32,
    /// Acknowledged MMSIs (0 = absent).
    pub mmsis: [u32; 4],
    /// Their sequence numbers.
    pub seqnos: [u8; 4],
}

/// Application data of type 8 that gpsd decodes field by field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BroadcastApp {
    /// DAC 200, FID 10: inland ship static and voyage related data.
    InlandStatic {
        /// European vessel identification number (8 characters).
        vin: Text<8>,
        /// Length in 0.1 m.
        length: u16,
        /// Beam in 0.1 m.
        beam: u16,
        /// ERI ship type.
        shiptype: u16,
        /// Hazardous cargo (0–5).
        hazard: u8,
        /// Draught in 0.01 m.
        draught: u16,
        /// Loaded (0 n/a, 1 loaded, 2 unloaded).
        loaded: u8,
        /// Speed quality flag.
        speed_q: bool,
        /// Course quality flag.
        course_q: bool,
        /// Heading quality flag.
        heading_q: bool,
    },
}

/// Type 8: binary broadcast message.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BinaryBroadcast {
    /// Repeat indicator.
    pub repeat: u8,
    /// Source MMSI.
    pub mmsi: u32,
    /// Designated area code.
    pub dac: u16,
    /// Function identifier.
    pub fid: u8,
    /// The application data after the FID (bits 56 on).
    pub data: BinaryData,
    /// The application data decoded, for the DAC/FID pairs known here.
    pub app: Option<BroadcastApp>,
}

/// Type 9: standard SAR aircraft position report.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SarAircraftReport {
    /// Repeat indicator.
    pub repeat: u8,
    /// Source MMSI.
    pub mmsi: u32,
    /// Altitude in metres (4095 = not available).
    pub alt: u16,
    /// Speed over ground in knots (1023 = not available).
    pub speed: u16,
    /// Position accuracy flag.
    pub accuracy: bool,
    /// Longitude in 1/10,000 minute.
    pub lon: i32,
    /// Latitude in 1/10,000 minute.
    pub lat: i32,
    /// Course over ground in 0.1°.
    pub course: u16,
    /// UTC second.
    pub second: u8,
    /// Regional reserved.
    pub regional: u8,
    /// DTE flag.
    pub dte: u8,
    /// Assigned-mode flag.
    pub assigned: bool,
    /// RAIM flag.
    pub raim: bool,
    /// Radio status (20 bits).
    pub radio: u32,
}

/// Type 10: UTC/date inquiry.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct UtcInquiry {
    /// Repeat indicator.
    pub repeat: u8,
    /// Source MMSI.
    pub mmsi: u32,
    /// Destination MMSI.
    pub dest_mmsi: u32,
}

/// Type 12: addressed safety related message.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SafetyAddressed {
    /// Repeat indicator.
    pub repeat: u8,
    /// Source MMSI.
    pub mmsi: u32,
    /// Sequence number.
    pub seqno: u8,
    /// Destination MMSI.
    pub dest_mmsi: u32,
    /// Retransmit flag.
    pub retransmit: bool,
    /// The text.
    pub text: Text<162>,
}

/// Type 14: safety related broadcast message.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SafetyBroadcast {
    /// Repeat indicator.
    pub repeat: u8,
    /// Source MMSI.
    pub mmsi: u32,
    /// The text.
    pub text: Text<162>,
}

/// Type 15: interrogation.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Interrogation {
    /// Repeat indicator.
    pub repeat: u8,
    /// Source MMSI.
    pub mmsi: u32,
    /// First interrogated MMSI.
    pub mmsi1: u32,
    /// First message type requested from it.
    pub type1_1: u8,
    /// Its slot offset.
    pub offset1_1: u16,
    /// Second message type requested from it.
    pub type1_2: u8,
    /// Its slot offset.
    pub offset1_2: u16,
    /// Second interrogated MMSI.
    pub mmsi2: u32,
    /// Message type requested from it.
    pub type2_1: u8,
    /// Its slot offset.
    pub offset2_1: u16,
}

/// Type 16: assigned mode command.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct AssignedMode {
    /// Repeat indicator.
    pub repeat: u8,
    /// Source MMSI.
    pub mmsi: u32,
    /// First destination MMSI.
    pub mmsi1: u32,
    /// Its slot offset.
    pub offset1: u16,
    /// Its increment.
    pub increment1: u16,
    /// Second destination MMSI (0 = absent).
    pub mmsi2: u32,
    /// Its slot offset.
    pub offset2: u16,
    /// Its increment.
    pub increment2: u16,
}

/// Type 17: DGNSS broadcast binary message.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct DgnssBroadcast {
    /// Repeat indicator.
    pub repeat: u8,
    /// Source MMSI.
    pub mmsi: u32,
    /// Reference station longitude in 1/10 minute.
    pub lon: i32,
    /// Reference station latitude in 1/10 minute.
    pub lat: i32,
    /// The correction data (bits 80 on).
    pub data: BinaryData,
}

/// Type 18: standard Class B position report.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ClassBPosition {
    /// Repeat indicator.
    pub repeat: u8,
    /// Source MMSI.
    pub mmsi: u32,
    /// Regional reserved (8 bits).
    pub reserved: u8,
    /// Speed over ground in 0.1 knot.
    pub speed: u16,
    /// Position accuracy flag.
    pub accuracy: bool,
    /// Longitude in 1/10,000 minute.
    pub lon: i32,
    /// Latitude in 1/10,000 minute.
    pub lat: i32,
    /// Course over ground in 0.1°.
    pub course: u16,
    /// True heading (511 = not available).
    pub heading: u16,
    /// UTC second.
    pub second: u8,
    /// Regional reserved (2 bits).
    pub regional: u8,
    /// CS unit flag.
    pub cs: bool,
    /// Display flag.
    pub display: bool,
    /// DSC flag.
    pub dsc: bool,
    /// Band flag.
    pub band: bool,
    /// Message 22 flag.
    pub msg22: bool,
    /// Assigned-mode flag.
    pub assigned: bool,
    /// RAIM flag.
    pub raim: bool,
    /// Radio status (20 bits).
    pub radio: u32,
}

/// Type 19: extended Class B position report.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ClassBExtended {
    /// Repeat indicator.
    pub repeat: u8,
    /// Source MMSI.
    pub mmsi: u32,
    /// Regional reserved (8 bits).
    pub reserved: u8,
    /// Speed over ground in 0.1 knot.
    pub speed: u16,
    /// Position accuracy flag.
    pub accuracy: bool,
    /// Longitude in 1/10,000 minute.
    pub lon: i32,
    /// Latitude in 1/10,000 minute.
    pub lat: i32,
    /// Course over ground in 0.1°.
    pub course: u16,
    /// True heading.
    pub heading: u16,
    /// UTC second.
    pub second: u8,
    /// Regional reserved (4 bits).
    pub regional: u8,
    /// Ship name.
    pub shipname: Text<20>,
    /// Ship and cargo type.
    pub shiptype: u8,
    /// Dimension to bow.
    pub to_bow: u16,
    /// Dimension to stern.
    pub to_stern: u16,
    /// Dimension to port.
    pub to_port: u8,
    /// Dimension to starboard.
    pub to_starboard: u8,
    /// Type of electronic position fixing device.
    pub epfd: u8,
    /// RAIM flag.
    pub raim: bool,
    /// DTE flag.
    pub dte: bool,
    /// Assigned-mode flag.
    pub assigned: bool,
}

/// One slot reservation of a type 20 message.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SlotReservation {
    /// Reserved offset.
    pub offset: u16,
    /// Number of slots.
    pub number: u8,
    /// Timeout in minutes.
    pub timeout: u8,
    /// Increment.
    pub increment: u16,
}

/// Type 20: data link management.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct DataLinkManagement {
    /// Repeat indicator.
    pub repeat: u8,
    /// Source MMSI.
    pub mmsi: u32,
    /// Up to four reservations (absent ones are zero).
    pub slots: [SlotReservation; 4],
}

/// Type 21: aid-to-navigation report.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct AidToNavigation {
    /// Repeat indicator.
    pub repeat: u8,
    /// Source MMSI.
    pub mmsi: u32,
    /// Aid type (0–31).
    pub aid_type: u8,
    /// Name with its extension (up to 34 characters).
    pub name: Text<34>,
    /// Position accuracy flag.
    pub accuracy: bool,
    /// Longitude in 1/10,000 minute.
    pub lon: i32,
    /// Latitude in 1/10,000 minute.
    pub lat: i32,
    /// Dimension to bow.
    pub to_bow: u16,
    /// Dimension to stern.
    pub to_stern: u16,
    /// Dimension to port.
    pub to_port: u8,
    /// Dimension to starboard.
    pub to_starboard: u8,
    /// Type of electronic position fixing device.
    pub epfd: u8,
    /// UTC second.
    pub second: u8,
    /// Off-position indicator.
    pub off_position: bool,
    /// Regional reserved.
    pub regional: u8,
    /// RAIM flag.
    pub raim: bool,
    /// Virtual aid flag.
    pub virtual_aid: bool,
    /// Assigned-mode flag.
    pub assigned: bool,
}

/// Where a type 22 channel management message applies.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ChannelArea {
    /// A rectangle, corners in 1/10 minute.
    Area {
        /// North-east longitude.
        ne_lon: i32,
        /// North-east latitude.
        ne_lat: i32,
        /// South-west longitude.
        sw_lon: i32,
        /// South-west latitude.
        sw_lat: i32,
    },
    /// Two addressed stations.
    Addressed {
        /// First destination MMSI.
        dest1: u32,
        /// Second destination MMSI.
        dest2: u32,
    },
}

impl Default for ChannelArea {
    fn default() -> Self {
        ChannelArea::Addressed { dest1: 0, dest2: 0 }
    }
}

/// Type 22: channel management.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ChannelManagement {
    /// Repeat indicator.
    pub repeat: u8,
    /// Source MMSI.
    pub mmsi: u32,
    /// Channel A number.
    pub channel_a: u16,
    /// Channel B number.
    pub channel_b: u16,
    /// Transmit/receive mode.
    pub txrx: u8,
    /// Power (0 high, 1 low).
    pub power: bool,
    /// The area or the addressed stations.
    pub area: ChannelArea,
    /// Channel A bandwidth flag.
    pub band_a: bool,
    /// Channel B bandwidth flag.
    pub band_b: bool,
    /// Transitional zone size.
    pub zonesize: u8,
}

/// Type 23: group assignment command.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct GroupAssignment {
    /// Repeat indicator.
    pub repeat: u8,
    /// Source MMSI.
    pub mmsi: u32,
    /// North-east longitude, 1/10 minute.
    pub ne_lon: i32,
    /// North-east latitude, 1/10 minute.
    pub ne_lat: i32,
    /// South-west longitude, 1/10 minute.
    pub sw_lon: i32,
    /// South-west latitude, 1/10 minute.
    pub sw_lat: i32,
    /// Station type.
    pub stationtype: u8,
    /// Ship type.
    pub shiptype: u8,
    /// Transmit/receive mode.
    pub txrx: u8,
    /// Reporting interval.
    pub interval: u8,
    /// Quiet time in minutes.
    pub quiet: u8,
}

/// The dimensions of part B of a type 24, or the mothership of an auxiliary craft.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StaticDataExtent {
    /// Dimensions in metres.
    Dimensions {
        /// To bow.
        to_bow: u16,
        /// To stern.
        to_stern: u16,
        /// To port.
        to_port: u8,
        /// To starboard.
        to_starboard: u8,
    },
    /// For an auxiliary craft (MMSI `98MIDXXXX`): the mother ship's MMSI.
    Mothership(u32),
}

/// The two parts of a type 24.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StaticDataPart {
    /// Part A: the name.
    A {
        /// Ship name.
        shipname: Text<20>,
    },
    /// Part B: type, equipment, call sign, dimensions.
    B {
        /// Ship and cargo type.
        shiptype: u8,
        /// Vendor id (3 characters in ITU-R M.1371-4, 7 before).
        vendorid: Text<7>,
        /// Unit model code.
        model: u8,
        /// Serial number.
        serial: u32,
        /// Call sign.
        callsign: Text<7>,
        /// Dimensions or mother ship.
        extent: StaticDataExtent,
    },
}

/// Type 24: Class B static data report, one part.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StaticDataReport {
    /// Repeat indicator.
    pub repeat: u8,
    /// Source MMSI.
    pub mmsi: u32,
    /// Part A or part B.
    pub part: StaticDataPart,
}

impl StaticDataReport {
    /// The part number: 0 for A, 1 for B.
    pub fn partno(&self) -> u8 {
        match self.part {
            StaticDataPart::A { .. } => 0,
            StaticDataPart::B { .. } => 1,
        }
    }
}

/// Types 25 and 26: single- and multiple-slot binary messages.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SlotBinary {
    /// Message type: 25 or 26.
    pub msg_type: u8,
    /// Repeat indicator.
    pub repeat: u8,
    /// Source MMSI.
    pub mmsi: u32,
    /// Addressed flag.
    pub addressed: bool,
    /// Structured flag (an application id follows).
    pub structured: bool,
    /// Destination MMSI when addressed.
    pub dest_mmsi: u32,
    /// Application id (DAC and FID) when structured.
    pub app_id: u16,
    /// The data.
    pub data: BinaryData,
    /// Radio status (type 26 only).
    pub radio: u32,
}

/// Type 27: long-range position report.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LongRangeReport {
    /// Repeat indicator.
    pub repeat: u8,
    /// Source MMSI.
    pub mmsi: u32,
    /// Position accuracy flag.
    pub accuracy: bool,
    /// RAIM flag.
    pub raim: bool,
    /// Navigation status.
    pub status: u8,
    /// Longitude in 1/10 minute (181° = not available).
    pub lon: i32,
    /// Latitude in 1/10 minute (91° = not available).
    pub lat: i32,
    /// Speed over ground in knots (63 = not available).
    pub speed: u8,
    /// Course over ground in degrees (511 = not available).
    pub course: u16,
    /// GNSS position status (false = current GNSS position).
    pub gnss: bool,
}

/// A decoded AIS message.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Message {
    /// Types 1–3.
    Position(PositionReport),
    /// Types 4 and 11.
    BaseStation(BaseStationReport),
    /// Type 5.
    StaticVoyage(StaticVoyageData),
    /// Type 6.
    BinaryAddressed(BinaryAddressed),
    /// Types 7 and 13.
    Acknowledge(Acknowledge),
    /// Type 8.
    BinaryBroadcast(BinaryBroadcast),
    /// Type 9.
    SarAircraft(SarAircraftReport),
    /// Type 10.
    UtcInquiry(UtcInquiry),
    /// Type 12.
    SafetyAddressed(SafetyAddressed),
    /// Type 14.
    SafetyBroadcast(SafetyBroadcast),
    /// Type 15.
    Interrogation(Interrogation),
    /// Type 16.
    AssignedMode(AssignedMode),
    /// Type 17.
    DgnssBroadcast(DgnssBroadcast),
    /// Type 18.
    ClassBPosition(ClassBPosition),
    /// Type 19.
    ClassBExtended(ClassBExtended),
    /// Type 20.
    DataLinkManagement(DataLinkManagement),
    /// Type 21.
    AidToNavigation(AidToNavigation),
    /// Type 22.
    ChannelManagement(ChannelManagement),
    /// Type 23.
    GroupAssignment(GroupAssignment),
    /// Type 24 (part A or B).
    StaticData(StaticDataReport),
    /// Types 25 and 26.
    SlotBinary(SlotBinary),
    /// Type 27.
    LongRange(LongRangeReport),
}

macro_rules! each {
    ($self:expr, $m:ident => $e:expr) => {
        match $self {
            Message::Position($m) => $e,
            Message::BaseStation($m) => $e,
            Message::StaticVoyage($m) => $e,
            Message::BinaryAddressed($m) => $e,
            Message::Acknowledge($m) => $e,
            Message::BinaryBroadcast($m) => $e,
            Message::SarAircraft($m) => $e,
            Message::UtcInquiry($m) => $e,
            Message::SafetyAddressed($m) => $e,
            Message::SafetyBroadcast($m) => $e,
            Message::Interrogation($m) => $e,
            Message::AssignedMode($m) => $e,
            Message::DgnssBroadcast($m) => $e,
            Message::ClassBPosition($m) => $e,
            Message::ClassBExtended($m) => $e,
            Message::DataLinkManagement($m) => $e,
            Message::AidToNavigation($m) => $e,
            Message::ChannelManagement($m) => $e,
            Message::GroupAssignment($m) => $e,
            Message::StaticData($m) => $e,
            Message::SlotBinary($m) => $e,
            Message::LongRange($m) => $e,
        }
    };
}

impl Message {
    /// The message type, 1–27.
    pub fn msg_type(&self) -> u8 {
        match self {
            Message::Position(m) => m.msg_type,
            Message::BaseStation(m) => m.msg_type,
            Message::StaticVoyage(_) => 5,
            Message::BinaryAddressed(_) => 6,
            Message::Acknowledge(m) => m.msg_type,
            Message::BinaryBroadcast(_) => 8,
            Message::SarAircraft(_) => 9,
            Message::UtcInquiry(_) => 10,
            Message::SafetyAddressed(_) => 12,
            Message::SafetyBroadcast(_) => 14,
            Message::Interrogation(_) => 15,
            Message::AssignedMode(_) => 16,
            Message::DgnssBroadcast(_) => 17,
            Message::ClassBPosition(_) => 18,
            Message::ClassBExtended(_) => 19,
            Message::DataLinkManagement(_) => 20,
            Message::AidToNavigation(_) => 21,
            Message::ChannelManagement(_) => 22,
            Message::GroupAssignment(_) => 23,
            Message::StaticData(_) => 24,
            Message::SlotBinary(m) => m.msg_type,
            Message::LongRange(_) => 27,
        }
    }

    /// The source MMSI.
    pub fn mmsi(&self) -> u32 {
        each!(self, m => m.mmsi)
    }

    /// The repeat indicator.
    pub fn repeat(&self) -> u8 {
        each!(self, m => m.repeat)
    }

    /// The reported position as (longitude, latitude) in degrees, for the types that carry one,
    /// when it is available.
    pub fn position(&self) -> Option<(f64, f64)> {
        let (lon, lat) = match self {
            Message::Position(m) => (m.lon, m.lat),
            Message::BaseStation(m) => (m.lon, m.lat),
            Message::SarAircraft(m) => (m.lon, m.lat),
            Message::ClassBPosition(m) => (m.lon, m.lat),
            Message::ClassBExtended(m) => (m.lon, m.lat),
            Message::AidToNavigation(m) => (m.lon, m.lat),
            Message::LongRange(m) => {
                return Some((
                    degrees(m.lon, LON_NOT_AVAILABLE_27, 180, 600.0)?,
                    degrees(m.lat, LAT_NOT_AVAILABLE_27, 90, 600.0)?,
                ))
            }
            _ => return None,
        };
        Some((
            degrees(lon, LON_NOT_AVAILABLE, 180, 600_000.0)?,
            degrees(lat, LAT_NOT_AVAILABLE, 90, 600_000.0)?,
        ))
    }

    /// The raw position fields and their "not available" values and units per degree, for the
    /// types that carry a position: `(lon, lat, lon_na, lat_na, per_degree)`.
    pub(crate) fn raw_position(&self) -> Option<(i32, i32, i32, i32, i32)> {
        const D: i32 = 600_000;
        match self {
            Message::Position(m) => Some((m.lon, m.lat, LON_NOT_AVAILABLE, LAT_NOT_AVAILABLE, D)),
            Message::BaseStation(m) => {
                Some((m.lon, m.lat, LON_NOT_AVAILABLE, LAT_NOT_AVAILABLE, D))
            }
            Message::SarAircraft(m) => {
                Some((m.lon, m.lat, LON_NOT_AVAILABLE, LAT_NOT_AVAILABLE, D))
            }
            Message::ClassBPosition(m) => {
                Some((m.lon, m.lat, LON_NOT_AVAILABLE, LAT_NOT_AVAILABLE, D))
            }
            Message::ClassBExtended(m) => {
                Some((m.lon, m.lat, LON_NOT_AVAILABLE, LAT_NOT_AVAILABLE, D))
            }
            Message::AidToNavigation(m) => {
                Some((m.lon, m.lat, LON_NOT_AVAILABLE, LAT_NOT_AVAILABLE, D))
            }
            Message::LongRange(m) => Some((
                m.lon,
                m.lat,
                LON_NOT_AVAILABLE_27,
                LAT_NOT_AVAILABLE_27,
                600,
            )),
            _ => None,
        }
    }
}

impl PositionReport {
    /// Longitude in degrees, `None` when not available.
    pub fn lon_deg(&self) -> Option<f64> {
        degrees(self.lon, LON_NOT_AVAILABLE, 180, 600_000.0)
    }
    /// Latitude in degrees, `None` when not available.
    pub fn lat_deg(&self) -> Option<f64> {
        degrees(self.lat, LAT_NOT_AVAILABLE, 90, 600_000.0)
    }
    /// Speed over ground in knots, `None` when not available (102.2 means 102.2 or more).
    pub fn speed_knots(&self) -> Option<f64> {
        (self.speed != SPEED_NOT_AVAILABLE).then(|| f64::from(self.speed) / 10.0)
    }
    /// Course over ground in degrees, `None` when not available.
    pub fn course_deg(&self) -> Option<f64> {
        (self.course < COURSE_NOT_AVAILABLE).then(|| f64::from(self.course) / 10.0)
    }
    /// True heading in degrees, `None` when not available.
    pub fn heading_deg(&self) -> Option<u16> {
        (self.heading < 360).then_some(self.heading)
    }
    /// Rate of turn.
    pub fn turn_rate(&self) -> Turn {
        Turn::from_raw(self.turn)
    }
}

impl ClassBPosition {
    /// Longitude in degrees, `None` when not available.
    pub fn lon_deg(&self) -> Option<f64> {
        degrees(self.lon, LON_NOT_AVAILABLE, 180, 600_000.0)
    }
    /// Latitude in degrees, `None` when not available.
    pub fn lat_deg(&self) -> Option<f64> {
        degrees(self.lat, LAT_NOT_AVAILABLE, 90, 600_000.0)
    }
    /// Speed over ground in knots, `None` when not available.
    pub fn speed_knots(&self) -> Option<f64> {
        (self.speed != SPEED_NOT_AVAILABLE).then(|| f64::from(self.speed) / 10.0)
    }
    /// Course over ground in degrees, `None` when not available.
    pub fn course_deg(&self) -> Option<f64> {
        (self.course < COURSE_NOT_AVAILABLE).then(|| f64::from(self.course) / 10.0)
    }
    /// True heading in degrees, `None` when not available.
    pub fn heading_deg(&self) -> Option<u16> {
        (self.heading < 360).then_some(self.heading)
    }
}

impl ClassBExtended {
    /// Longitude in degrees, `None` when not available.
    pub fn lon_deg(&self) -> Option<f64> {
        degrees(self.lon, LON_NOT_AVAILABLE, 180, 600_000.0)
    }
    /// Latitude in degrees, `None` when not available.
    pub fn lat_deg(&self) -> Option<f64> {
        degrees(self.lat, LAT_NOT_AVAILABLE, 90, 600_000.0)
    }
    /// Speed over ground in knots, `None` when not available.
    pub fn speed_knots(&self) -> Option<f64> {
        (self.speed != SPEED_NOT_AVAILABLE).then(|| f64::from(self.speed) / 10.0)
    }
    /// Course over ground in degrees, `None` when not available.
    pub fn course_deg(&self) -> Option<f64> {
        (self.course < COURSE_NOT_AVAILABLE).then(|| f64::from(self.course) / 10.0)
    }
    /// True heading in degrees, `None` when not available.
    pub fn heading_deg(&self) -> Option<u16> {
        (self.heading < 360).then_some(self.heading)
    }
}

impl StaticVoyageData {
    /// Draught in metres, `None` when not available (0).
    pub fn draught_m(&self) -> Option<f64> {
        (self.draught != 0).then(|| f64::from(self.draught) / 10.0)
    }
    /// Overall length in metres (bow + stern), `None` when either is 0.
    pub fn length_m(&self) -> Option<u16> {
        (self.to_bow != 0 && self.to_stern != 0).then(|| self.to_bow + self.to_stern)
    }
}

impl LongRangeReport {
    /// Longitude in degrees, `None` when not available.
    pub fn lon_deg(&self) -> Option<f64> {
        degrees(self.lon, LON_NOT_AVAILABLE_27, 180, 600.0)
    }
    /// Latitude in degrees, `None` when not available.
    pub fn lat_deg(&self) -> Option<f64> {
        degrees(self.lat, LAT_NOT_AVAILABLE_27, 90, 600.0)
    }
    /// Speed over ground in whole knots, `None` when not available (63).
    pub fn speed_knots(&self) -> Option<f64> {
        (self.speed != 63).then(|| f64::from(self.speed))
    }
    /// Course over ground in whole degrees, `None` when not available (511).
    pub fn course_deg(&self) -> Option<f64> {
        (self.course < 360).then(|| f64::from(self.course))
    }
}
