//! The scenarios as NMEA: every line is a tag block with the receive time followed by a
//! valid `!AIVDM` sentence; type 5 messages are two sentences grouped with `g:`; the type 1
//! payloads decode back to the positions.

fn checksum(body: &str) -> String {
    format!("{:02X}", body.bytes().fold(0u8, |a, c| a ^ c))
}
use ce2_maritime::scenario;

fn bits(payload: &str) -> Vec<u8> {
    payload
        .bytes()
        .flat_map(|c| {
            let v = c - 48;
            let v = if v > 40 { v - 8 } else { v };
            (0..6).rev().map(move |k| (v >> k) & 1)
        })
        .collect()
}

fn field(b: &[u8], from: usize, n: usize, signed: bool) -> i64 {
    let v = b[from..from + n]
        .iter()
        .fold(0i64, |a, &x| (a << 1) | i64::from(x));
    if signed && b[from] == 1 {
        v - (1i64 << n)
    } else {
        v
    }
}

#[test]
fn scenario_nmea_is_valid_and_decodes_back() {
    let s = scenario::dark_rajin_vostochny();
    let text = s.nmea();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), s.positions.len() + 2 * s.statics.len());
    let mut decoded = Vec::new();
    let mut groups = 0;
    for line in &lines {
        // \tag*hh\!AIVDM,...*hh
        let rest = line.strip_prefix('\\').unwrap();
        let (tag, sentence) = rest.split_once('\\').unwrap();
        let (tag_body, tag_sum) = tag.split_once('*').unwrap();
        assert_eq!(checksum(tag_body), tag_sum, "{line}");
        let (body, sum) = sentence.strip_prefix('!').unwrap().split_once('*').unwrap();
        assert_eq!(checksum(body), sum, "{line}");
        assert!(sentence.len() <= 82, "{line}");
        let f: Vec<&str> = body.split(',').collect();
        if f[1] == "2" {
            assert!(tag_body.starts_with(&format!("g:{}-2-", f[2])), "{line}");
            groups += usize::from(f[2] == "1");
            continue;
        }
        let time: i64 = tag_body.strip_prefix("c:").unwrap().parse().unwrap();
        let b = bits(f[5]);
        assert_eq!(field(&b, 0, 6, false), 1);
        let mmsi = field(&b, 8, 30, false) as u32;
        let lon = field(&b, 61, 28, true) as f64 / 600_000.0;
        let lat = field(&b, 89, 27, true) as f64 / 600_000.0;
        decoded.push((mmsi, time, lat, lon));
    }
    assert_eq!(groups, s.statics.len());
    assert_eq!(decoded.len(), s.positions.len());
    for (d, p) in decoded.iter().zip(&s.positions) {
        assert_eq!((d.0, d.1), (p.mmsi, p.time));
        // 1/10,000 minute resolution: under 0.2 m.
        assert!((d.2 - p.lat).abs() < 2e-6 && (d.3 - p.lon).abs() < 2e-6);
    }
}
