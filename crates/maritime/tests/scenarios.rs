//! Detection on the scripted scenarios: each must give exactly its expected events (the
//! coastal trader none), alone and all together.

use ce2_maritime::areas::WatchAreas;
use ce2_maritime::events::{analyse, Config, Event};
use ce2_maritime::scenario::{self, Expected, Scenario};
use ce2_maritime::time::format_rfc3339;

fn describe(e: &Event) -> String {
    let params: Vec<String> = e.params.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!(
        "{:?} {:?} {}..{} at {:.3},{:.3} {:?} [{}]",
        e.kind,
        e.mmsis(),
        format_rfc3339(e.start),
        format_rfc3339(e.end),
        e.lat,
        e.lon,
        e.area,
        params.join(", ")
    )
}

fn matches(e: &Event, x: &Expected) -> bool {
    let mut m = e.mmsis();
    m.sort_unstable();
    m.dedup();
    e.kind == x.kind
        && m == x.mmsis
        && e.start <= x.end
        && e.end >= x.start
        && x.param
            .as_ref()
            .is_none_or(|(k, v)| e.params.get(k) == Some(v))
}

/// Asserts a one-to-one match between detected and expected events.
fn check(name: &str, events: &[Event], expected: &[Expected]) {
    let mut used = vec![false; events.len()];
    let mut missing = Vec::new();
    for x in expected {
        match (0..events.len()).find(|&i| !used[i] && matches(&events[i], x)) {
            Some(i) => used[i] = true,
            None => missing.push(format!("{x:?}")),
        }
    }
    let extra: Vec<String> = events
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(e, _)| describe(e))
        .collect();
    let all: Vec<String> = events.iter().map(describe).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{name}: missing {missing:#?}\nunexpected {extra:#?}\nall detected {all:#?}"
    );
}

fn run(s: &Scenario) -> Vec<Event> {
    let areas = WatchAreas::default_areas();
    analyse(s.positions.clone(), &s.statics, &areas, &Config::default()).events
}

#[test]
fn sts_korea_bay() {
    let s = scenario::sts_korea_bay();
    let events = run(&s);
    check(s.name, &events, &s.expected);
    let enc = events
        .iter()
        .find(|e| e.kind == ce2_maritime::events::EventKind::Encounter)
        .unwrap();
    assert!(enc.hours() >= 4.5, "{}", describe(enc));
    assert_eq!(
        enc.area.as_deref(),
        Some("Korea Bay / Yellow Sea approaches to Nampo")
    );
    let dc = events
        .iter()
        .find(|e| e.kind == ce2_maritime::events::EventKind::DraughtChange)
        .unwrap();
    assert_eq!(dc.params["change_m"], serde_json::json!(4.7));
    assert_eq!(dc.params["encounter_id"], serde_json::json!(enc.id));
}

#[test]
fn dark_rajin_vostochny() {
    let s = scenario::dark_rajin_vostochny();
    let events = run(&s);
    check(s.name, &events, &s.expected);
    let areas: Vec<_> = events.iter().filter_map(|e| e.area.clone()).collect();
    assert!(areas.contains(&"Najin (Rajin)".to_string()), "{areas:?}");
    assert!(areas.contains(&"Vostochny".to_string()), "{areas:?}");
}

#[test]
fn shared_mmsi() {
    let s = scenario::shared_mmsi();
    check(s.name, &run(&s), &s.expected);
}

#[test]
fn name_and_flag_change() {
    let s = scenario::name_and_flag_change();
    check(s.name, &run(&s), &s.expected);
}

#[test]
fn coastal_trader_is_quiet() {
    let s = scenario::coastal_trader();
    check(s.name, &run(&s), &s.expected);
}

#[test]
fn all_scenarios_together() {
    let all = scenario::all();
    let mut positions = Vec::new();
    let mut statics = Vec::new();
    let mut expected = Vec::new();
    for s in &all {
        positions.extend(s.positions.iter().copied());
        statics.extend(s.statics.iter().cloned());
        expected.extend(s.expected.iter().cloned());
    }
    let areas = WatchAreas::default_areas();
    let events = analyse(positions, &statics, &areas, &Config::default()).events;
    check("all", &events, &expected);
}
