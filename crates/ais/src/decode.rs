//! Payload bits → [`Message`], with the length rules of gpsd's `driver_ais.c`.

use crate::bits::{ArmorError, BinaryData, BitBuf};
use crate::message::*;
use crate::stats::RejectKind;

/// Why a payload was not decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PayloadError {
    /// Message type 0 or 28–63.
    #[error("invalid message type {0}")]
    InvalidType(u8),
    /// Too few bits for the type, or more than it allows.
    #[error("type {msg_type} with {bits} bits (allowed {min}..={max})")]
    BadLength {
        /// The message type.
        msg_type: u8,
        /// The bits received.
        bits: usize,
        /// The fewest allowed.
        min: usize,
        /// The most allowed.
        max: usize,
    },
    /// Fields that cannot be (type 24 part 2/3; type 25/26 too short for its mode).
    #[error("type {0}: {1}")]
    InvalidContent(u8, &'static str),
    /// A position outside ±180°/±90° other than "not available".
    #[error("type {msg_type}: impossible position lon {lon} lat {lat}")]
    ImpossiblePosition {
        /// The message type.
        msg_type: u8,
        /// Raw longitude.
        lon: i32,
        /// Raw latitude.
        lat: i32,
    },
    /// A character outside the armouring alphabet.
    #[error("payload character outside the AIS alphabet")]
    BadChar,
    /// More characters than any AIS message.
    #[error("payload too long")]
    TooLong,
}

impl PayloadError {
    /// The rejection kind counted in [`crate::Stats`].
    pub fn kind(&self) -> RejectKind {
        match self {
            PayloadError::InvalidType(_) => RejectKind::InvalidType,
            PayloadError::BadLength { .. } => RejectKind::BadPayloadLength,
            PayloadError::InvalidContent(..) => RejectKind::InvalidContent,
            PayloadError::ImpossiblePosition { .. } => RejectKind::ImpossiblePosition,
            PayloadError::BadChar | PayloadError::TooLong => RejectKind::BadSentence,
        }
    }
}

impl From<ArmorError> for PayloadError {
    fn from(e: ArmorError) -> Self {
        match e {
            ArmorError::BadChar => PayloadError::BadChar,
            ArmorError::TooLong => PayloadError::TooLong,
        }
    }
}

/// Decodes one armoured payload (all fragments joined) with its fill bits.
///
/// ```
/// let m = ce2_ais::decode_payload("15RTgt0PAso;90TKcjM8h6g208CQ", 0).unwrap();
/// assert_eq!(m.msg_type(), 1);
/// assert_eq!(m.mmsi(), 371_798_000);
/// let (lon, lat) = m.position().unwrap();
/// assert!((lon + 123.395_383).abs() < 1e-6 && (lat - 48.381_633).abs() < 1e-6);
/// ```
pub fn decode_payload(payload: &str, fill: u8) -> Result<Message, PayloadError> {
    let mut b = BitBuf::new();
    b.load(&[payload.as_bytes()], fill)?;
    decode_bits(&b)
}

/// The length rule of a type: `(min, max)` bits.
fn length_rule(t: u8) -> (usize, usize) {
    const ANY: usize = usize::MAX;
    match t {
        1..=3 => (163, 204),
        4 | 11 => (168, ANY),
        5 => (420, ANY),
        6 => (88, 1008),
        7 | 13 => (72, 168),
        8 => (56, 1008),
        9 => (168, ANY),
        10 => (72, ANY),
        12 => (72, 1008),
        14 => (40, 1008),
        15 => (88, 168),
        16 => (96, 168),
        17 => (80, 816),
        18 => (168, ANY),
        19 => (312, ANY),
        20 => (72, 186),
        21 => (272, 368),
        22 => (168, ANY),
        23 => (160, ANY),
        24 => (160, ANY),
        25 => (40, 168),
        26 => (60, 1004),
        27 => (96, 168),
        _ => (0, 0),
    }
}

/// Decodes a message from its bits.
pub fn decode_bits(b: &BitBuf) -> Result<Message, PayloadError> {
    let n = b.len();
    if n < 6 {
        return Err(PayloadError::BadLength {
            msg_type: 0,
            bits: n,
            min: 38,
            max: 1008,
        });
    }
    let t = b.u8(0, 6);
    if t == 0 || t > 27 {
        return Err(PayloadError::InvalidType(t));
    }
    let (min, max) = length_rule(t);
    if n < min || n > max {
        return Err(PayloadError::BadLength {
            msg_type: t,
            bits: n,
            min,
            max,
        });
    }
    let repeat = b.u8(6, 2);
    let mmsi = b.u32(8, 30);
    let m = match t {
        1..=3 => Message::Position(PositionReport {
            msg_type: t,
            repeat,
            mmsi,
            status: b.u8(38, 4),
            turn: b.i(42, 8) as i8,
            speed: b.u16(50, 10),
            accuracy: b.flag(60),
            lon: b.i(61, 28),
            lat: b.i(89, 27),
            course: b.u16(116, 12),
            heading: b.u16(128, 9),
            second: b.u8(137, 6),
            maneuver: b.u8(143, 2),
            raim: b.flag(148),
            radio: if n >= 168 {
                b.u32(149, 19)
            } else {
                b.u32(149, n - 149)
            },
        }),
        4 | 11 => Message::BaseStation(BaseStationReport {
            msg_type: t,
            repeat,
            mmsi,
            year: b.u16(38, 14),
            month: b.u8(52, 4),
            day: b.u8(56, 5),
            hour: b.u8(61, 5),
            minute: b.u8(66, 6),
            second: b.u8(72, 6),
            accuracy: b.flag(78),
            lon: b.i(79, 28),
            lat: b.i(107, 27),
            epfd: b.u8(134, 4),
            raim: b.flag(148),
            radio: b.u32(149, 19),
        }),
        5 => Message::StaticVoyage(StaticVoyageData {
            repeat,
            mmsi,
            ais_version: b.u8(38, 2),
            imo: b.u32(40, 30),
            callsign: b.text(70, 7),
            shipname: b.text(112, 20),
            shiptype: b.u8(232, 8),
            to_bow: b.u16(240, 9),
            to_stern: b.u16(249, 9),
            to_port: b.u8(258, 6),
            to_starboard: b.u8(264, 6),
            epfd: b.u8(270, 4),
            month: b.u8(274, 4),
            day: b.u8(278, 5),
            hour: b.u8(283, 5),
            minute: b.u8(288, 6),
            draught: b.u8(294, 8),
            destination: b.text(302, 20),
            dte: if n >= 423 { b.u8(422, 1) } else { 0 },
        }),
        6 => {
            let dac = b.u16(72, 10);
            let fid = b.u8(82, 6);
            let app = match (dac, fid) {
                (200, 55) if n == 168 => Some(AddressedApp::PersonsOnBoard {
                    crew: b.u8(88, 8),
                    passengers: b.u16(96, 13),
                    personnel: b.u8(109, 8),
                }),
                (235 | 250, 10) if n == 136 => Some(AddressedApp::AtonMonitoring {
                    ana_int: b.u16(88, 10),
                    ana_ext1: b.u16(98, 10),
                    ana_ext2: b.u16(108, 10),
                    racon: b.u8(118, 2),
                    light: b.u8(120, 2),
                    alarm: b.flag(122),
                    stat_ext: b.u8(123, 8),
                    off_pos: b.flag(131),
                }),
                _ => None,
            };
            let mut data = BinaryData::default();
            b.copy_bits(88, n - 88, &mut data);
            Message::BinaryAddressed(BinaryAddressed {
                repeat,
                mmsi,
                seqno: b.u8(38, 2),
                dest_mmsi: b.u32(40, 30),
                retransmit: b.flag(70),
                dac,
                fid,
                data,
                app,
            })
        }
        7 | 13 => {
            let mut mmsis = [0u32; 4];
            let mut seqnos = [0u8; 4];
            for k in 0..4 {
                if 40 + 32 * k < n {
                    mmsis[k] = b.u32(40 + 32 * k, 30);
                    seqnos[k] = b.u8(70 + 32 * k, 2);
                }
            }
            Message::Acknowledge(Acknowledge {
                msg_type: t,
                repeat,
                mmsi,
                mmsis,
                seqnos,
            })
        }
        8 => {
            let dac = b.u16(40, 10);
            let fid = b.u8(50, 6);
            let app = match (dac, fid) {
                (200, 10) if n == 168 => {
                    let hazard = b.u8(141, 3);
                    // gpsd's guard against false matches.
                    (hazard <= 5).then(|| BroadcastApp::InlandStatic {
                        vin: b.text(56, 8),
                        length: b.u16(104, 13),
                        beam: b.u16(117, 10),
                        shiptype: b.u16(127, 14),
                        hazard,
                        draught: b.u16(144, 11),
                        loaded: b.u8(155, 2),
                        speed_q: b.flag(157),
                        course_q: b.flag(158),
                        heading_q: b.flag(159),
                    })
                }
                _ => None,
            };
            let mut data = BinaryData::default();
            b.copy_bits(56, n - 56, &mut data);
            Message::BinaryBroadcast(BinaryBroadcast {
                repeat,
                mmsi,
                dac,
                fid,
                data,
                app,
            })
        }
        9 => Message::SarAircraft(SarAircraftReport {
            repeat,
            mmsi,
            alt: b.u16(38, 12),
            speed: b.u16(50, 10),
            accuracy: b.flag(60),
            lon: b.i(61, 28),
            lat: b.i(89, 27),
            course: b.u16(116, 12),
            second: b.u8(128, 6),
            regional: b.u8(134, 8),
            dte: b.u8(142, 1),
            assigned: b.flag(146),
            raim: b.flag(147),
            radio: b.u32(148, 20),
        }),
        10 => Message::UtcInquiry(UtcInquiry {
            repeat,
            mmsi,
            dest_mmsi: b.u32(40, 30),
        }),
        12 => Message::SafetyAddressed(SafetyAddressed {
            repeat,
            mmsi,
            seqno: b.u8(38, 2),
            dest_mmsi: b.u32(40, 30),
            retransmit: b.flag(70),
            text: b.text(72, (n - 72) / 6),
        }),
        14 => Message::SafetyBroadcast(SafetyBroadcast {
            repeat,
            mmsi,
            text: b.text(40, (n - 40) / 6),
        }),
        15 => {
            let mut m = Interrogation {
                repeat,
                mmsi,
                mmsi1: b.u32(40, 30),
                type1_1: b.u8(70, 6),
                offset1_1: b.u16(76, 12),
                ..Default::default()
            };
            if n > 90 {
                m.type1_2 = b.u8(90, 6);
                m.offset1_2 = b.u16(96, 12);
                if n > 110 {
                    m.mmsi2 = b.u32(110, 30);
                    m.type2_1 = b.u8(140, 6);
                    m.offset2_1 = b.u16(146, 12);
                }
            }
            Message::Interrogation(m)
        }
        16 => {
            let mut m = AssignedMode {
                repeat,
                mmsi,
                mmsi1: b.u32(40, 30),
                offset1: b.u16(70, 12),
                increment1: b.u16(82, 10),
                ..Default::default()
            };
            if n >= 144 {
                m.mmsi2 = b.u32(92, 30);
                m.offset2 = b.u16(122, 12);
                m.increment2 = b.u16(134, 10);
            }
            Message::AssignedMode(m)
        }
        17 => {
            let mut data = BinaryData::default();
            b.copy_bits(80, n - 80, &mut data);
            Message::DgnssBroadcast(DgnssBroadcast {
                repeat,
                mmsi,
                lon: b.i(40, 18),
                lat: b.i(58, 17),
                data,
            })
        }
        18 => Message::ClassBPosition(ClassBPosition {
            repeat,
            mmsi,
            reserved: b.u8(38, 8),
            speed: b.u16(46, 10),
            accuracy: b.flag(56),
            lon: b.i(57, 28),
            lat: b.i(85, 27),
            course: b.u16(112, 12),
            heading: b.u16(124, 9),
            second: b.u8(133, 6),
            regional: b.u8(139, 2),
            cs: b.flag(141),
            display: b.flag(142),
            dsc: b.flag(143),
            band: b.flag(144),
            msg22: b.flag(145),
            assigned: b.flag(146),
            raim: b.flag(147),
            radio: b.u32(148, 20),
        }),
        19 => Message::ClassBExtended(ClassBExtended {
            repeat,
            mmsi,
            reserved: b.u8(38, 8),
            speed: b.u16(46, 10),
            accuracy: b.flag(56),
            lon: b.i(57, 28),
            lat: b.i(85, 27),
            course: b.u16(112, 12),
            heading: b.u16(124, 9),
            second: b.u8(133, 6),
            regional: b.u8(139, 4),
            shipname: b.text(143, 20),
            shiptype: b.u8(263, 8),
            to_bow: b.u16(271, 9),
            to_stern: b.u16(280, 9),
            to_port: b.u8(289, 6),
            to_starboard: b.u8(295, 6),
            epfd: b.u8(301, 4),
            raim: b.flag(305),
            dte: b.flag(306),
            assigned: b.flag(307),
        }),
        20 => {
            let mut slots = [SlotReservation::default(); 4];
            // A reservation is present only when the message holds all its 30 bits.
            for (k, s) in slots
                .iter_mut()
                .enumerate()
                .take_while(|(k, _)| n >= 70 + 30 * k)
            {
                let a = 40 + 30 * k;
                *s = SlotReservation {
                    offset: b.u16(a, 12),
                    number: b.u8(a + 12, 4),
                    timeout: b.u8(a + 16, 3),
                    increment: b.u16(a + 19, 11),
                };
            }
            Message::DataLinkManagement(DataLinkManagement {
                repeat,
                mmsi,
                slots,
            })
        }
        21 => {
            let mut name = b.text_untrimmed::<34>(43, 20);
            if name.len() == 20 && n > 272 {
                let ext = b.text_untrimmed::<14>(272, (n - 272) / 6);
                let mut joined = [0u8; 34];
                joined[..20].copy_from_slice(name.as_str().as_bytes());
                let e = ext.as_str().as_bytes();
                joined[20..20 + e.len()].copy_from_slice(e);
                name = crate::bits::Text::from_bytes(&joined[..20 + e.len()]);
            }
            let name = crate::bits::Text::from_bytes(
                name.as_str().trim_end_matches([' ', '@']).as_bytes(),
            );
            Message::AidToNavigation(AidToNavigation {
                repeat,
                mmsi,
                aid_type: b.u8(38, 5),
                name,
                accuracy: b.flag(163),
                lon: b.i(164, 28),
                lat: b.i(192, 27),
                to_bow: b.u16(219, 9),
                to_stern: b.u16(228, 9),
                to_port: b.u8(237, 6),
                to_starboard: b.u8(243, 6),
                epfd: b.u8(249, 4),
                second: b.u8(253, 6),
                off_position: b.flag(259),
                regional: b.u8(260, 8),
                raim: b.flag(268),
                virtual_aid: b.flag(269),
                assigned: b.flag(270),
            })
        }
        22 => {
            let addressed = b.flag(139);
            let area = if addressed {
                ChannelArea::Addressed {
                    dest1: b.u32(69, 30),
                    dest2: b.u32(104, 30),
                }
            } else {
                ChannelArea::Area {
                    ne_lon: b.i(69, 18),
                    ne_lat: b.i(87, 17),
                    sw_lon: b.i(104, 18),
                    sw_lat: b.i(122, 17),
                }
            };
            Message::ChannelManagement(ChannelManagement {
                repeat,
                mmsi,
                channel_a: b.u16(40, 12),
                channel_b: b.u16(52, 12),
                txrx: b.u8(64, 4),
                power: b.flag(68),
                area,
                band_a: b.flag(140),
                band_b: b.flag(141),
                zonesize: b.u8(142, 3),
            })
        }
        23 => Message::GroupAssignment(GroupAssignment {
            repeat,
            mmsi,
            ne_lon: b.i(40, 18),
            ne_lat: b.i(58, 17),
            sw_lon: b.i(75, 18),
            sw_lat: b.i(93, 17),
            stationtype: b.u8(110, 4),
            shiptype: b.u8(114, 8),
            txrx: b.u8(144, 2),
            interval: b.u8(146, 4),
            quiet: b.u8(150, 4),
        }),
        24 => {
            let part = match b.u8(38, 2) {
                0 => {
                    if n > 168 {
                        return Err(PayloadError::BadLength {
                            msg_type: 24,
                            bits: n,
                            min: 160,
                            max: 168,
                        });
                    }
                    StaticDataPart::A {
                        shipname: b.text(40, 20),
                    }
                }
                1 => {
                    if n < 168 {
                        return Err(PayloadError::BadLength {
                            msg_type: 24,
                            bits: n,
                            min: 168,
                            max: usize::MAX,
                        });
                    }
                    let extent = if mmsi / 10_000_000 == 98 {
                        StaticDataExtent::Mothership(b.u32(132, 30))
                    } else {
                        StaticDataExtent::Dimensions {
                            to_bow: b.u16(132, 9),
                            to_stern: b.u16(141, 9),
                            to_port: b.u8(150, 6),
                            to_starboard: b.u8(156, 6),
                        }
                    };
                    StaticDataPart::B {
                        shiptype: b.u8(40, 8),
                        vendorid: b.text(48, 7),
                        model: b.u8(66, 4),
                        serial: b.u32(70, 20),
                        callsign: b.text(90, 7),
                        extent,
                    }
                }
                _ => return Err(PayloadError::InvalidContent(24, "part number 2 or 3")),
            };
            Message::StaticData(StaticDataReport { repeat, mmsi, part })
        }
        25 | 26 => {
            let addressed = b.flag(38);
            let structured = b.flag(39);
            let radio_bits = if t == 26 { 20 } else { 0 };
            let head = 40 + 16 * usize::from(structured) + 30 * usize::from(addressed);
            if n < head + radio_bits {
                return Err(PayloadError::InvalidContent(
                    t,
                    "too short for its addressing mode",
                ));
            }
            let dest_mmsi = if addressed { b.u32(40, 30) } else { 0 };
            let app_id = if structured {
                b.u16(40 + 30 * usize::from(addressed), 16)
            } else {
                0
            };
            let mut data = BinaryData::default();
            b.copy_bits(head, n - head - radio_bits, &mut data);
            let radio = if t == 26 { b.u32(n - 20, 20) } else { 0 };
            Message::SlotBinary(SlotBinary {
                msg_type: t,
                repeat,
                mmsi,
                addressed,
                structured,
                dest_mmsi,
                app_id,
                data,
                radio,
            })
        }
        27 => {
            if n != 96 && n != 168 {
                return Err(PayloadError::BadLength {
                    msg_type: 27,
                    bits: n,
                    min: 96,
                    max: 168,
                });
            }
            Message::LongRange(LongRangeReport {
                repeat,
                mmsi,
                accuracy: b.flag(38),
                raim: b.flag(39),
                status: b.u8(40, 4),
                lon: b.i(44, 18),
                lat: b.i(62, 17),
                speed: b.u8(79, 6),
                course: b.u16(85, 9),
                gnss: b.flag(94),
            })
        }
        _ => return Err(PayloadError::InvalidType(t)),
    };
    if let Some((lon, lat, lon_na, lat_na, per_degree)) = m.raw_position() {
        let lon_ok = lon == lon_na || lon.abs() <= 180 * per_degree;
        let lat_ok = lat == lat_na || lat.abs() <= 90 * per_degree;
        if !(lon_ok && lat_ok) {
            return Err(PayloadError::ImpossiblePosition {
                msg_type: t,
                lon,
                lat,
            });
        }
    }
    Ok(m)
}
