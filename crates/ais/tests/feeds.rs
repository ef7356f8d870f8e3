//! Whole feeds from the shared data: the USCG sample (counts from `SOURCES.md`), Global Fishing
//! Watch's edge cases, pyais's and AISdb's samples. Each asserts the good messages and every
//! rejection kind.

use ce2_ais::{decode_all, Decoded, RejectKind, Stats};

fn read(rel: &str) -> Option<(Vec<Decoded>, Stats)> {
    let path = ce2_testdata::shared_file(&format!("maritime/nmea/{rel}"))?;
    Some(decode_all(&std::fs::read(path).unwrap()))
}

/// The non-zero rejection counts as `(name, count)`, for comparing in one assertion.
fn rejections(s: &Stats) -> Vec<(&'static str, u64)> {
    s.rejections().map(|(k, n)| (k.as_str(), n)).collect()
}

#[test]
fn uscg_nais_sample() {
    let Some((decoded, s)) = read("uscg-nais-maritimeviz/ais_2016_07_28_aa.nmea") else {
        return;
    };
    assert_eq!(s.lines, 100_000);
    assert_eq!(s.sentences, 59_402);
    assert_eq!(s.messages, 57_586);
    assert_eq!(s.multipart, 1_701);
    let by_type: Vec<(usize, u64)> = s
        .by_type
        .iter()
        .enumerate()
        .filter(|(_, &c)| c > 0)
        .map(|(t, &c)| (t, c))
        .collect();
    assert_eq!(
        by_type,
        [
            (1, 36_744),
            (2, 6),
            (3, 3_988),
            (4, 3_404),
            (5, 1_335),
            (8, 834),
            (15, 433),
            (16, 4),
            (18, 1_478),
            (20, 1_213),
            (21, 7_391),
            (23, 16),
            (24, 731),
            (25, 1),
            (27, 8)
        ]
    );
    // 19 `#` header lines and 40,579 `$SAVSI`/`$ARVSI` signal sentences.
    assert_eq!(rejections(&s), [("invalid_type", 2), ("not_ais", 40_598)]);
    let invalid: Vec<&str> = s.problems.iter().map(|p| p.detail.as_str()).collect();
    assert_eq!(
        invalid,
        ["invalid message type 30", "invalid message type 31"]
    );
    // Every message has its receive time and station from the tag block of its first sentence.
    for d in &decoded {
        let t = d.meta.received_ms.unwrap();
        assert!((1_469_663_998_000..=1_469_664_031_000).contains(&t), "{t}");
        assert!(d.meta.station.is_some());
    }
    let count = |talker: &[u8; 2], vdo: bool| {
        decoded
            .iter()
            .filter(|d| &d.meta.talker == talker && d.meta.own_ship == vdo)
            .count()
    };
    assert_eq!(
        [
            count(b"SA", false),
            count(b"SA", true),
            count(b"AI", false),
            count(b"AN", false),
            count(b"AN", true)
        ],
        [49_224, 2_021, 2_526, 2_452, 1_363]
    );
}

#[test]
fn gfw_errors() {
    // Two of five sentences are cut short and fail their checksum.
    let Some((_, s)) = read("gfw-ais-tools/errors.nmea") else {
        return;
    };
    assert_eq!((s.sentences, s.messages), (5, 3));
    assert_eq!(rejections(&s), [("bad_checksum", 2)]);
}

#[test]
fn gfw_bad_type5() {
    // Line 1: fragment 1 from `!ABVDM` and fragment 2 from `!AIVDM` on one line; the talker is
    // part of the key, so fragment 2 is an orphan and fragment 1 stays incomplete. Line 2: a
    // 400-bit type 5 (gpsd's floor is 420). Line 3: a good one. Lines 5-7: bare payloads.
    let Some((decoded, s)) = read("gfw-ais-tools/bad-type5.nmea") else {
        return;
    };
    assert_eq!((s.sentences, s.messages, s.multipart), (6, 1, 1));
    assert_eq!(
        rejections(&s),
        [
            ("orphan_fragment", 1),
            ("stale_fragment", 1),
            ("bad_payload_length", 1),
            ("not_ais", 3)
        ]
    );
    assert_eq!(decoded[0].message.msg_type(), 5);
    assert_eq!(decoded[0].meta.line, 3);
    assert_eq!(decoded[0].meta.station.unwrap().as_str(), "rMT6214");
}

#[test]
fn gfw_single_message_type5() {
    let Some((_, s)) = read("gfw-ais-tools/single-message-type-5.nmea") else {
        return;
    };
    assert_eq!((s.sentences, s.messages), (1, 0));
    assert_eq!(rejections(&s), [("bad_checksum", 1)]);
}

#[test]
fn gfw_type1_bad_bitcount() {
    // Twelve type 1/3 messages of 186 bits instead of 168. gpsd reads types 1-3 of 163 to 204
    // bits from their first 168; so does this decoder.
    let Some((decoded, s)) = read("gfw-ais-tools/type1-bad-bitcount.nmea") else {
        return;
    };
    assert_eq!((s.sentences, s.messages), (12, 12));
    assert_eq!(rejections(&s), []);
    assert!(decoded
        .iter()
        .all(|d| matches!(d.message.msg_type(), 1 | 3)));
}

#[test]
fn gfw_bad_tagblock_group() {
    // `g:1-2--001`: the group is unreadable, so the tag block is rejected; the two fragments
    // are still joined by their sentence fields.
    let Some((decoded, s)) = read("gfw-ais-tools/bad-tagblock-group.nmea") else {
        return;
    };
    assert_eq!((s.sentences, s.messages, s.multipart), (2, 1, 1));
    assert_eq!(rejections(&s), [("bad_tag_block", 2)]);
    assert_eq!(decoded[0].message.msg_type(), 21);
    assert_eq!(decoded[0].meta.received_ms, None);
}

#[test]
fn gfw_spire() {
    // Spire writes tag-block checksums as `*00`: the four tag blocks are rejected, the two
    // two-sentence type 5 messages (fragments on one line) are decoded.
    let Some((decoded, s)) = read("gfw-ais-tools/spire-test.nmea") else {
        return;
    };
    assert_eq!((s.sentences, s.messages, s.multipart), (4, 2, 2));
    assert_eq!(rejections(&s), [("bad_tag_block", 4)]);
    assert!(decoded.iter().all(|d| d.message.msg_type() == 5));
}

#[test]
fn gfw_multi_part() {
    let Some((_, s)) = read("gfw-ais-tools/multi-part.nmea") else {
        return;
    };
    assert_eq!((s.sentences, s.messages, s.multipart), (93, 43, 43));
    assert_eq!(rejections(&s), []);
    let by_type: Vec<(usize, u64)> = s
        .by_type
        .iter()
        .enumerate()
        .filter(|(_, &c)| c > 0)
        .map(|(t, &c)| (t, c))
        .collect();
    assert_eq!(
        by_type,
        [(5, 10), (6, 2), (8, 1), (12, 10), (14, 10), (17, 10)]
    );
}

#[test]
fn gfw_mixed_types() {
    let Some((_, s)) = read("gfw-ais-tools/mixed_types.nmea") else {
        return;
    };
    assert_eq!((s.sentences, s.messages, s.multipart), (109, 99, 10));
    assert_eq!(rejections(&s), []);
    let types: Vec<usize> = (1..28).filter(|&t| s.by_type[t] > 0).collect();
    assert_eq!(
        types,
        [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 14, 15, 17, 18, 19, 20, 21, 24, 27]
    );
    assert!(types
        .iter()
        .all(|&t| s.by_type[t] == if t == 8 { 4 } else { 5 }));
}

#[test]
fn gfw_small_samples() {
    let Some((decoded, s)) = read("gfw-ais-tools/ee-multiline.nmea") else {
        return;
    };
    assert_eq!((s.sentences, s.messages, s.multipart), (10, 8, 2));
    assert_eq!(rejections(&s), []);
    assert!(decoded
        .iter()
        .all(|d| d.meta.station.unwrap().as_str() == "66"));

    // `c:` in milliseconds, and a stray quote after a checksum.
    let Some((decoded, s)) = read("gfw-ais-tools/sample.nmea") else {
        return;
    };
    assert_eq!((s.sentences, s.messages), (3, 3));
    assert_eq!(rejections(&s), []);
    assert_eq!(decoded[0].meta.received_ms, Some(1_599_239_526_500));

    let Some((_, s)) = read("gfw-ais-tools/type8.nmea") else {
        return;
    };
    assert_eq!((s.sentences, s.messages, s.by_type[8]), (1, 1, 1));
}

#[test]
fn pyais_samples() {
    // 100 sentences with empty payloads; 20 first fragments whose second never comes.
    let Some((_, s)) = read("pyais/nmea_data_sample.txt") else {
        return;
    };
    assert_eq!((s.sentences, s.messages), (898, 778));
    assert_eq!(
        rejections(&s),
        [("bad_sentence", 100), ("stale_fragment", 20)]
    );
    assert!(s
        .problems
        .iter()
        .any(|p| p.kind == RejectKind::BadSentence && p.detail == "empty payload"));

    // Comments, junk lines, a tag block with a one-digit checksum (`*A`), a sentence with no
    // checksum (`,013`), a fragment count of 0.
    let Some((_, s)) = read("pyais/sample.ais") else {
        return;
    };
    assert_eq!((s.sentences, s.messages, s.multipart), (14, 11, 1));
    assert_eq!(
        rejections(&s),
        [("bad_sentence", 2), ("bad_tag_block", 4), ("not_ais", 7)]
    );
    let Some((_, s)) = read("pyais/mixed.txt") else {
        return;
    };
    assert_eq!((s.sentences, s.messages, s.multipart), (15, 12, 2));
    assert_eq!(
        rejections(&s),
        [("bad_sentence", 1), ("bad_tag_block", 3), ("not_ais", 13)]
    );

    // Gatehouse `$PGHP` lines before each sentence.
    for f in ["pyais/gatehouse.nmea", "pyais/timestamped.ais"] {
        let Some((_, s)) = read(f) else { return };
        assert_eq!((s.sentences, s.messages), (4, 4), "{f}");
        assert_eq!(rejections(&s), [("not_ais", 5)], "{f}");
    }
    let Some((_, s)) = read("pyais/messages.ais") else {
        return;
    };
    assert_eq!((s.sentences, s.messages), (6, 6));
    let Some((_, s)) = read("pyais/ais_test_messages") else {
        return;
    };
    assert_eq!((s.sentences, s.messages, s.multipart), (8, 7, 1));
}

#[test]
fn aisdb_feed() {
    let Some((decoded, s)) = read("aisdb/test_data_20211101.nm4") else {
        return;
    };
    assert_eq!(
        (s.lines, s.sentences, s.messages, s.multipart),
        (1_000, 997, 979, 18)
    );
    assert_eq!(rejections(&s), []);
    assert_eq!(s.by_type[27], 127);
    let mut mmsis: Vec<u32> = decoded.iter().map(|d| d.message.mmsi()).collect();
    mmsis.sort_unstable();
    mmsis.dedup();
    assert_eq!(mmsis.len(), 843);
    assert!(decoded
        .iter()
        .all(|d| d.meta.received_ms.is_some() && d.meta.station.is_some()));
}
