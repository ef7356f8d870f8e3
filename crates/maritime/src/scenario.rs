//! Scripted voyages with known truth, for tests and demonstrations: positions, static reports
//! and NMEA text for an STS rendezvous in Korea Bay, a dark Rajin → Vostochny run, two ships
//! sharing one MMSI, a ship changing name and flag mid-voyage, and a normal coastal trader
//! (the negative control). Each [`Scenario`] lists the events a correct detector must find
//! with the default [`Config`](crate::events::Config) and default watch areas, and no others.
//!
//! Everything is deterministic: position noise comes from a seeded generator.

use serde::Serialize;

use crate::events::EventKind;
use crate::geo::{bearing_deg, destination, haversine_m, KNOT_MS};
use crate::nmea::to_nmea;
use crate::{Position, StaticReport};

/// A deterministic pseudo-random generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [a, b).
    pub fn range(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.unit()
    }
}

/// The static identity a ship broadcasts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Identity {
    /// IMO number.
    pub imo: Option<u32>,
    /// Name.
    pub name: String,
    /// Call sign.
    pub callsign: String,
    /// AIS ship type.
    pub ship_type: u8,
    /// Draught, metres.
    pub draught: f32,
    /// Destination.
    pub destination: String,
}

/// One step of a voyage script.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Step {
    /// Sail straight to a point at a speed (knots).
    Sail {
        /// Target latitude.
        lat: f64,
        /// Target longitude.
        lon: f64,
        /// Speed, knots.
        knots: f64,
    },
    /// Stay in place (moored or at anchor) for some hours with this navigational status.
    Stay {
        /// Hours.
        hours: f64,
        /// Navigational status broadcast (1 at anchor, 5 moored).
        status: u8,
    },
    /// Drift slowly for some hours.
    Drift {
        /// Hours.
        hours: f64,
        /// Drift speed, knots.
        knots: f64,
        /// Drift direction, degrees.
        course: f64,
    },
    /// Switch the transponder off.
    AisOff,
    /// Switch it back on.
    AisOn,
    /// Broadcast a new identity from now on.
    SetIdentity(Identity),
    /// Broadcast a new MMSI from now on (a change of flag changes the MID).
    SetMmsi(u32),
    /// Report a new draught from now on (cargo loaded or unloaded).
    SetDraught(f32),
}

/// A scripted voyage of one ship.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Voyage {
    /// MMSI at the start.
    pub mmsi: u32,
    /// Start time, unix seconds.
    pub start_time: i64,
    /// Start position (lat, lon).
    pub start: (f64, f64),
    /// Identity at the start.
    pub identity: Identity,
    /// Seconds between position reports.
    pub report_every: i64,
    /// Seconds between static reports.
    pub static_every: i64,
    /// Metres of position noise (uniform in a square of this half-width).
    pub noise_m: f64,
    /// The script.
    pub steps: Vec<Step>,
    /// Seed of the noise.
    pub seed: u64,
}

struct Sim<'a> {
    v: &'a Voyage,
    rng: Rng,
    mmsi: u32,
    identity: Identity,
    on: bool,
    next_report: i64,
    next_static: i64,
    positions: Vec<Position>,
    statics: Vec<StaticReport>,
}

impl Sim<'_> {
    fn emit(&mut self, t: i64, lat: f64, lon: f64, sog: f64, cog: f64, status: u8) {
        if !self.on {
            return;
        }
        let n = self.v.noise_m;
        let (la, lo) = if n > 0.0 {
            let (dx, dy) = (self.rng.range(-n, n), self.rng.range(-n, n));
            let (la, lo) = destination(lat, lon, 90.0, dx);
            destination(la, lo, 0.0, dy)
        } else {
            (lat, lon)
        };
        let sog = if sog > 0.0 {
            (sog + self.rng.range(-0.1, 0.1)).max(0.0)
        } else {
            0.0
        };
        self.positions.push(Position {
            mmsi: self.mmsi,
            time: t,
            lat: la,
            lon: lo,
            sog: Some((sog * 10.0).round() as f32 / 10.0),
            cog: (sog > 0.0).then_some(((cog * 10.0).round() / 10.0 % 360.0) as f32),
            heading: (sog > 0.0).then_some(cog.round() as u16 % 360),
            status: Some(status),
        });
        if t >= self.next_static {
            let id = &self.identity;
            self.statics.push(StaticReport {
                mmsi: self.mmsi,
                time: t,
                imo: id.imo,
                name: Some(id.name.clone()),
                callsign: Some(id.callsign.clone()),
                ship_type: Some(id.ship_type),
                draught: Some(id.draught),
                destination: Some(id.destination.clone()),
                flag: None,
            });
            self.next_static = t + self.v.static_every;
        }
    }

    /// Emits the reports due in (t0, t1] along `at(t)`.
    fn run_until(&mut self, t1: i64, mut at: impl FnMut(i64) -> (f64, f64, f64, f64, u8)) {
        while self.next_report <= t1 {
            let t = self.next_report;
            let (lat, lon, sog, cog, status) = at(t);
            self.emit(t, lat, lon, sog, cog, status);
            self.next_report += self.v.report_every;
        }
    }
}

impl Voyage {
    /// Runs the script: positions and static reports in time order.
    pub fn run(&self) -> (Vec<Position>, Vec<StaticReport>) {
        let mut sim = Sim {
            v: self,
            rng: Rng::new(self.seed),
            mmsi: self.mmsi,
            identity: self.identity.clone(),
            on: true,
            next_report: self.start_time,
            next_static: self.start_time,
            positions: Vec::new(),
            statics: Vec::new(),
        };
        let mut t = self.start_time;
        let (mut lat, mut lon) = self.start;
        for step in &self.steps {
            match step {
                Step::Sail {
                    lat: tlat,
                    lon: tlon,
                    knots,
                } => {
                    let d = haversine_m(lat, lon, *tlat, *tlon);
                    let b = bearing_deg(lat, lon, *tlat, *tlon);
                    let speed = knots * KNOT_MS;
                    let dur = (d / speed).round() as i64;
                    let (t0, la0, lo0) = (t, lat, lon);
                    sim.run_until(t0 + dur, |tt| {
                        let (a, o) = destination(la0, lo0, b, speed * (tt - t0) as f64);
                        (a, o, *knots, b, 0)
                    });
                    t += dur;
                    (lat, lon) = (*tlat, *tlon);
                }
                Step::Stay { hours, status } => {
                    let dur = (hours * 3600.0).round() as i64;
                    let (la0, lo0, st) = (lat, lon, *status);
                    sim.run_until(t + dur, |_| (la0, lo0, 0.0, 0.0, st));
                    t += dur;
                }
                Step::Drift {
                    hours,
                    knots,
                    course,
                } => {
                    let dur = (hours * 3600.0).round() as i64;
                    let speed = knots * KNOT_MS;
                    let (t0, la0, lo0, c) = (t, lat, lon, *course);
                    sim.run_until(t0 + dur, |tt| {
                        let (a, o) = destination(la0, lo0, c, speed * (tt - t0) as f64);
                        (a, o, *knots, c, 0)
                    });
                    t += dur;
                    (lat, lon) = destination(la0, lo0, c, speed * dur as f64);
                }
                Step::AisOff => sim.on = false,
                Step::AisOn => {
                    sim.on = true;
                    sim.next_static = sim.next_report;
                }
                Step::SetIdentity(id) => {
                    sim.identity = id.clone();
                    sim.next_static = sim.next_report;
                }
                Step::SetMmsi(m) => {
                    sim.mmsi = *m;
                    sim.next_static = sim.next_report;
                }
                Step::SetDraught(d) => {
                    sim.identity.draught = *d;
                    sim.next_static = sim.next_report;
                }
            }
        }
        (sim.positions, sim.statics)
    }

    /// Hours to sail from the start to a point at a speed.
    pub fn hours_to(from: (f64, f64), to: (f64, f64), knots: f64) -> f64 {
        haversine_m(from.0, from.1, to.0, to.1) / (knots * KNOT_MS) / 3600.0
    }
}

/// An event a scenario must produce.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expected {
    /// Kind.
    pub kind: EventKind,
    /// The MMSIs involved, ascending.
    pub mmsis: Vec<u32>,
    /// The event must overlap this interval (unix seconds).
    pub start: i64,
    /// End of that interval.
    pub end: i64,
    /// Extra condition on a parameter: (name, value) that must match exactly.
    pub param: Option<(String, serde_json::Value)>,
}

/// A scenario: positions and static reports of several voyages, and the expected events.
#[derive(Debug, Clone, Serialize)]
pub struct Scenario {
    /// Short name.
    pub name: &'static str,
    /// What happens.
    pub description: &'static str,
    /// All positions, in time order.
    pub positions: Vec<Position>,
    /// All static reports, in time order.
    pub statics: Vec<StaticReport>,
    /// The events a correct detector must report, and no others.
    pub expected: Vec<Expected>,
}

impl Scenario {
    fn from_voyages(
        name: &'static str,
        description: &'static str,
        voyages: &[Voyage],
        expected: Vec<Expected>,
    ) -> Self {
        let mut positions = Vec::new();
        let mut statics = Vec::new();
        for v in voyages {
            let (p, s) = v.run();
            positions.extend(p);
            statics.extend(s);
        }
        positions.sort_by_key(|p| (p.time, p.mmsi));
        statics.sort_by_key(|s| (s.time, s.mmsi));
        Scenario {
            name,
            description,
            positions,
            statics,
            expected,
        }
    }

    /// The scenario as NMEA AIVDM text (types 1 and 5) with `\c:` receive-time tag blocks.
    pub fn nmea(&self) -> String {
        to_nmea(&self.positions, &self.statics)
    }
}

/// 2024-01-15T00:00:00Z, the start of every scenario.
pub const T0: i64 = 1_705_276_800;
const H: i64 = 3600;

fn ident(
    imo: u32,
    name: &str,
    callsign: &str,
    ship_type: u8,
    draught: f32,
    dest: &str,
) -> Identity {
    Identity {
        imo: Some(imo),
        name: name.into(),
        callsign: callsign.into(),
        ship_type,
        draught,
        destination: dest.into(),
    }
}

fn voyage(
    mmsi: u32,
    start_time: i64,
    start: (f64, f64),
    identity: Identity,
    seed: u64,
    steps: Vec<Step>,
) -> Voyage {
    Voyage {
        mmsi,
        start_time,
        start,
        identity,
        report_every: 180,
        static_every: 360,
        noise_m: 8.0,
        steps,
        seed,
    }
}

fn expected(kind: EventKind, mut mmsis: Vec<u32>, start: i64, end: i64) -> Expected {
    mmsis.sort_unstable();
    Expected {
        kind,
        mmsis,
        start,
        end,
        param: None,
    }
}

/// Two tankers meet in Korea Bay, well away from ports, and drift alongside each other for
/// 5 h from 04:00; the receiver's broadcast draught then rises from 4.2 m to 8.9 m.
/// Expected: the encounter, loitering by both (tankers: ≥ 4 h), and the receiver's draught
/// change.
pub fn sts_korea_bay() -> Scenario {
    let (giver, receiver) = (352_001_234, 445_112_000);
    let meet = (38.45, 124.20);
    let alongside = destination(meet.0, meet.1, 90.0, 150.0);
    let g_start = (37.90, 123.60);
    let r_start = (38.75, 124.75);
    let g_t = T0 + 4 * H - (Voyage::hours_to(g_start, meet, 11.0) * 3600.0).round() as i64;
    let r_t = T0 + 4 * H - (Voyage::hours_to(r_start, alongside, 10.0) * 3600.0).round() as i64;
    let drift = |seed_course: f64| Step::Drift {
        hours: 5.0,
        knots: 0.4,
        course: seed_course,
    };
    let g = voyage(
        giver,
        g_t,
        g_start,
        ident(9_538_892, "OCEAN GRACE", "3FQA7", 80, 9.5, "DALIAN"),
        1,
        vec![
            Step::Sail {
                lat: meet.0,
                lon: meet.1,
                knots: 11.0,
            },
            drift(160.0),
            Step::Sail {
                lat: 37.70,
                lon: 123.30,
                knots: 11.0,
            },
        ],
    );
    let r = voyage(
        receiver,
        r_t,
        r_start,
        ident(9_743_033, "PAEK SAN 3", "HMZB3", 80, 4.2, "NAMPO"),
        2,
        vec![
            Step::Sail {
                lat: alongside.0,
                lon: alongside.1,
                knots: 10.0,
            },
            drift(160.0),
            Step::SetDraught(8.9),
            Step::Sail {
                lat: 38.70,
                lon: 124.80,
                knots: 9.0,
            },
        ],
    );
    let (s, e) = (T0 + 4 * H, T0 + 9 * H);
    Scenario::from_voyages(
        "sts_korea_bay",
        "Two tankers drift alongside each other in Korea Bay for 5 h; the receiver's draught rises from 4.2 m to 8.9 m.",
        &[g, r],
        vec![
            expected(EventKind::Encounter, vec![giver, receiver], s, e),
            expected(EventKind::Loitering, vec![giver], s, e),
            expected(EventKind::Loitering, vec![receiver], s, e),
            expected(EventKind::DraughtChange, vec![receiver], s, e),
        ],
    )
}

/// A Russian-flagged cargo ship leaves Najin (Rajin) after 10 h alongside, switches AIS off
/// more than 50 nm offshore in the Sea of Japan, stays dark for about 15 h and switches it
/// on again south of Vostochny, where it berths.
/// Expected: port visits at Najin and Vostochny and one AIS gap that is likely disabling.
pub fn dark_rajin_vostochny() -> Scenario {
    let mmsi = 273_345_670;
    let v = voyage(
        mmsi,
        T0,
        (42.2333, 130.3),
        ident(9_735_323, "SEVERNY VETER", "UBXK7", 70, 6.8, "VOSTOCHNYY"),
        3,
        vec![
            Step::Stay {
                hours: 10.0,
                status: 5,
            },
            Step::Sail {
                lat: 42.10,
                lon: 130.45,
                knots: 10.0,
            },
            Step::Sail {
                lat: 41.50,
                lon: 131.60,
                knots: 12.0,
            },
            Step::AisOff,
            Step::Sail {
                lat: 42.45,
                lon: 133.25,
                knots: 6.0,
            },
            Step::AisOn,
            Step::Sail {
                lat: 42.76,
                lon: 133.00,
                knots: 10.0,
            },
            Step::Stay {
                hours: 12.0,
                status: 5,
            },
        ],
    );
    let mut gap = expected(EventKind::AisGap, vec![mmsi], T0 + 16 * H, T0 + 32 * H);
    gap.param = Some(("likely_disabling".into(), serde_json::Value::from(true)));
    Scenario::from_voyages(
        "dark_rajin_vostochny",
        "A cargo ship leaves Najin, goes dark more than 50 nm offshore for about 15 h and reappears to berth at Vostochny.",
        &[v],
        vec![
            expected(EventKind::PortVisit, vec![mmsi], T0, T0 + 10 * H),
            gap,
            expected(EventKind::PortVisit, vec![mmsi], T0 + 33 * H, T0 + 45 * H),
        ],
    )
}

/// Two ships broadcast the same MMSI and the same identity at the same time, one in the
/// Yellow Sea, one in the East China Sea, 700 km apart.
/// Expected: one MMSI-shared-by-ships event and nothing else.
pub fn shared_mmsi() -> Scenario {
    let mmsi = 413_521_000;
    let id = ident(8_649_840, "HAI XING 8", "BQRT8", 70, 7.5, "LONGKOU");
    let a = voyage(
        mmsi,
        T0,
        (36.0, 123.0),
        id.clone(),
        4,
        vec![Step::Sail {
            lat: 38.0,
            lon: 123.3,
            knots: 10.0,
        }],
    );
    let mut b = voyage(
        mmsi,
        T0 + 90,
        (29.5, 124.5),
        id,
        5,
        vec![Step::Sail {
            lat: 31.5,
            lon: 125.0,
            knots: 10.0,
        }],
    );
    b.static_every = 420;
    Scenario::from_voyages(
        "shared_mmsi",
        "Two ships 700 km apart broadcast one MMSI and one identity at the same time.",
        &[a, b],
        vec![expected(
            EventKind::MmsiSharedByShips,
            vec![mmsi],
            T0,
            T0 + 13 * H,
        )],
    )
}

/// A bulk carrier sailing north through the Yellow Sea under the Sierra Leone flag (MID 667)
/// as SKY ROSE changes, at sea, to a Comoros MMSI (MID 620) and the name GOLDEN LOTUS,
/// keeping its IMO number.
/// Expected: one identity change under the IMO number (MMSI, flag and name changed).
pub fn name_and_flag_change() -> Scenario {
    let (old, new) = (667_123_000, 620_456_000);
    let id = ident(8_018_912, "SKY ROSE", "9LY2041", 70, 8.1, "NAMPO");
    let mut id2 = id.clone();
    id2.name = "GOLDEN LOTUS".into();
    id2.callsign = "D6FL9".into();
    let v = voyage(
        old,
        T0,
        (33.0, 124.0),
        id,
        6,
        vec![
            Step::Sail {
                lat: 34.6,
                lon: 124.3,
                knots: 11.0,
            },
            Step::SetMmsi(new),
            Step::SetIdentity(id2),
            Step::Sail {
                lat: 36.4,
                lon: 124.4,
                knots: 11.0,
            },
        ],
    );
    let mut e = expected(
        EventKind::IdentityChange,
        vec![old, new],
        T0 + 8 * H,
        T0 + 10 * H,
    );
    e.param = Some(("field".into(), serde_json::Value::from("mmsi, flag, name")));
    Scenario::from_voyages(
        "name_and_flag_change",
        "A bulk carrier changes MMSI (Sierra Leone to Comoros) and name at sea, keeping its IMO number.",
        &[v],
        vec![e],
    )
}

/// A South Korean coastal trader sails from off Busan north along the east coast at 12 kn
/// with a valid identity and steady reporting. The negative control: no events.
pub fn coastal_trader() -> Scenario {
    let v = voyage(
        440_123_000,
        T0,
        (35.00, 129.25),
        ident(9_074_729, "HANA BRIDGE", "D7HB2", 70, 6.2, "DONGHAE"),
        7,
        vec![
            Step::Sail {
                lat: 35.50,
                lon: 129.65,
                knots: 12.0,
            },
            Step::Sail {
                lat: 36.00,
                lon: 129.80,
                knots: 12.0,
            },
            Step::Sail {
                lat: 36.60,
                lon: 129.70,
                knots: 12.0,
            },
            Step::Sail {
                lat: 37.40,
                lon: 129.45,
                knots: 12.0,
            },
        ],
    );
    Scenario::from_voyages(
        "coastal_trader",
        "A South Korean coastal trader on a normal voyage (negative control).",
        &[v],
        Vec::new(),
    )
}

/// Every scenario.
pub fn all() -> Vec<Scenario> {
    vec![
        sts_korea_bay(),
        dark_rajin_vostochny(),
        shared_mmsi(),
        name_and_flag_change(),
        coastal_trader(),
    ]
}

/// A synthetic fleet for benchmarks: `vessels` ships over `days` days, about
/// `positions` positions in all (evenly spread over the ships, with jittered report times),
/// moving at 8–14 kn with a course change every few hours inside 37.5–41.5° N, 131–136.5° E
/// (open water of the Sea of Japan in the default land areas).
/// One ship in fifty sails in convoy with a partner 2 km away and, once, both stop and drift
/// together 150 m apart for 4 h: the scripted encounters (their count is returned). One ship in
/// twenty stops for 6 h once.
pub fn synthetic_fleet(
    vessels: usize,
    days: f64,
    positions: usize,
    seed: u64,
) -> (Vec<Position>, Vec<StaticReport>, usize) {
    use rayon::prelude::*;
    let vessels = vessels.max(2);
    let span = (days * 86_400.0) as i64;
    let per = (positions / vessels).max(2);
    let interval = (span / per as i64).max(1);
    let pairs = vessels / 50;
    let track = |v: usize| -> (Vec<Position>, Vec<StaticReport>) {
        // Convoy partners (odd members of the first `2 * pairs` ships) replay their leader's
        // track from the leader's seed, 2 km to the east (150 m while stopped).
        let leader = if v < 2 * pairs { v & !1 } else { v };
        let follower = leader != v;
        let mmsi = 412_100_000 + v as u32;
        let mut rng = Rng::new(seed ^ (leader as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let mut lat = rng.range(37.7, 41.3);
        let mut lon = rng.range(131.2, 136.3);
        let mut course = rng.range(0.0, 360.0);
        let mut knots = rng.range(8.0, 14.0);
        let stop_at = rng.range(0.1, 0.8) * span as f64;
        let (stop_h, stops) = if leader < 2 * pairs {
            (4.0, true)
        } else {
            (6.0, v % 20 == 7)
        };
        let mut next_turn = rng.range(2.0, 8.0) * 3600.0;
        let mut own = Rng::new(seed.wrapping_add(v as u64 * 7919));
        let mut out = Vec::with_capacity(per + 1);
        // Convoy partners share their leader's clock.
        let mut t = if leader < 2 * pairs {
            T0 + (leader as i64 * 37) % interval
        } else {
            T0 + own.range(0.0, interval as f64) as i64
        };
        let mut last_t = T0;
        while t < T0 + span {
            let dt = (t - last_t) as f64;
            let rel = (t - T0) as f64;
            let stopped = stops && rel >= stop_at && rel < stop_at + stop_h * 3600.0;
            let speed = if stopped { 0.3 } else { knots };
            (lat, lon) = destination(lat, lon, course, speed * KNOT_MS * dt);
            if rel >= next_turn {
                course = (course + rng.range(-60.0, 60.0)).rem_euclid(360.0);
                knots = rng.range(8.0, 14.0);
                next_turn += rng.range(2.0, 8.0) * 3600.0;
            }
            // Stay in the box: turn back towards its centre.
            if !(37.5..=41.5).contains(&lat) || !(131.0..=136.5).contains(&lon) {
                course = bearing_deg(lat, lon, 39.5, 133.75);
            }
            last_t = t;
            let (la, lo) = if follower {
                destination(lat, lon, 90.0, if stopped { 150.0 } else { 2_000.0 })
            } else {
                (lat, lon)
            };
            out.push(Position {
                mmsi,
                time: t,
                lat: la,
                lon: lo,
                sog: Some(speed as f32),
                cog: Some(course as f32),
                heading: Some(course as u16 % 360),
                status: Some(0),
            });
            // Convoy partners report on their leader's clock; other ships jitter their own
            // report times.
            t += if leader < 2 * pairs {
                interval
            } else {
                (interval as f64 * own.range(0.7, 1.3)) as i64
            };
        }
        let statics = vec![StaticReport {
            mmsi,
            time: T0,
            imo: None,
            name: Some(format!("SYNTH {v}")),
            callsign: None,
            ship_type: Some(if v.is_multiple_of(3) { 80 } else { 70 }),
            draught: Some(8.0),
            destination: None,
            flag: None,
        }];
        (out, statics)
    };
    let parts: Vec<(Vec<Position>, Vec<StaticReport>)> =
        (0..vessels).into_par_iter().map(track).collect();
    let mut all = Vec::with_capacity(vessels * (per + 1));
    let mut statics = Vec::with_capacity(vessels);
    for (p, s) in parts {
        all.extend(p);
        statics.extend(s);
    }
    (all, statics, pairs)
}
