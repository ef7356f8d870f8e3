//! The words of DPRK bodies' names, in Hangul, with their English renderings in the lists.
//!
//! The names of DPRK bodies are translated, not romanised, when the lists give them in English
//! (조선인민군 is listed as Korean People's Army, 로케트공업부 as Ministry of Rocket Industry),
//! so no spelling rule reaches from one to the other. This glossary holds the institutional
//! words those names are made of, in the DPRK's own spelling (로케트, not 로켓), and
//! [`translate_body_name`] renders a Hangul name word by word. Words it does not know (place
//! and proper names: 영변, 대성) are left in Hangul, where the Korean key reads them.

/// Hangul word → its English renderings, the usual one first.
const WORDS: &[(&str, &[&str])] = &[
    ("조선민주주의인민공화국", &["DPRK"]),
    ("조선", &["Korea"]),
    ("인민군", &["People's Army"]),
    ("인민", &["People's"]),
    ("국제", &["International"]),
    ("전람", &["Exhibition"]),
    ("대외", &["External", "Foreign"]),
    ("건설", &["Construction"]),
    ("총회사", &["General Corporation"]),
    ("회사", &["Company"]),
    ("공업", &["Industry"]),
    ("광업", &["Mining"]),
    ("원자력", &["Nuclear", "Atomic Energy"]),
    ("연구소", &["Research Centre", "Research Institute"]),
    ("연구원", &["Research Institute"]),
    ("연구", &["Research"]),
    ("과학원", &["Academy of Sciences"]),
    ("과학", &["Science"]),
    ("기술", &["Technology"]),
    ("개발", &["Development"]),
    ("무역", &["Trading"]),
    ("은행", &["Bank"]),
    ("해운", &["Shipping"]),
    ("해사", &["Maritime"]),
    ("감독", &["Administration", "Supervision"]),
    ("국가", &["State", "National"]),
    ("위원회", &["Committee"]),
    ("로케트", &["Rocket"]),
    ("미싸일", &["Missile"]),
    ("미사일", &["Missile"]),
    ("전략군", &["Strategic Force"]),
    ("군수", &["Munitions"]),
    ("기계", &["Machinery", "Machine"]),
    ("합영", &["Joint Venture"]),
    ("합작", &["Joint Venture"]),
    ("련합", &["Association", "Federation"]),
    ("기업소", &["Enterprise"]),
    ("공장", &["Factory"]),
    ("대학", &["University"]),
    ("국가보위성", &["Ministry of State Security"]),
    ("인민보안성", &["Ministry of People's Security"]),
    ("사회안전성", &["Ministry of Social Security"]),
    ("보위", &["Security"]),
    ("보안", &["Security"]),
    ("안전", &["Security", "Safety"]),
    ("정찰", &["Reconnaissance"]),
    ("총국", &["General Bureau"]),
    ("총참모부", &["General Staff"]),
    ("국방", &["National Defence", "Defense"]),
    ("우주", &["Space"]),
    ("항공", &["Aerospace", "Aviation"]),
    ("개척", &["Development"]),
    ("수출입", &["Export Import"]),
    ("상사", &["Trading Company"]),
    ("그룹", &["Group"]),
];

/// One-syllable words, read only at the end of a word whose other syllables are all glossary
/// words (로케트공업부, 국가해사감독국): elsewhere they are as likely part of a proper name
/// (대성, 성 in 대성 is no ministry).
const SUFFIXES: &[(&str, &[&str])] = &[
    ("부", &["Ministry", "Department"]),
    ("성", &["Ministry"]),
    ("국", &["Bureau"]),
    ("사", &["Corporation", "Company"]),
    ("소", &["Institute", "Office"]),
    ("군", &["Army", "Force"]),
    ("단", &["Corps"]),
    ("원", &["Institute"]),
];

/// Most renderings returned for one name.
const MAX_RENDERINGS: usize = 4;

/// Cut a Hangul word into glossary words, longest first; `None` marks a syllable no word
/// covers.
fn segment(word: &str) -> Vec<(&str, Option<&'static [&'static str]>)> {
    let mut out = Vec::new();
    let mut rest = word;
    while !rest.is_empty() {
        let hit = WORDS
            .iter()
            .filter(|(h, _)| rest.starts_with(h))
            .max_by_key(|(h, _)| h.len());
        match hit {
            Some((h, en)) => {
                out.push((&rest[..h.len()], Some(*en)));
                rest = &rest[h.len()..];
            }
            None => {
                let n = rest.chars().next().map_or(1, char::len_utf8);
                let (syllable, tail) = rest.split_at(n);
                let known = out.iter().all(|(_, e)| e.is_some());
                let suffix = SUFFIXES.iter().find(|(h, _)| *h == syllable);
                match suffix {
                    Some((_, en)) if tail.is_empty() && known && !out.is_empty() => {
                        out.push((syllable, Some(*en)));
                    }
                    _ => out.push((syllable, None)),
                }
                rest = tail;
            }
        }
    }
    out
}

/// English renderings of a body's name written in Hangul, word by word, up to four (the usual
/// rendering first, then the others of ambiguous words); empty when the name has no Hangul
/// word the glossary knows. Unknown syllables stay as written.
///
/// ```
/// use ce2_names::korean::translate_body_name;
/// assert_eq!(translate_body_name("조선인민군")[0], "Korea People's Army");
/// assert_eq!(translate_body_name("로케트공업부")[0], "Rocket Industry Ministry");
/// assert_eq!(translate_body_name("영변 원자력 연구소")[0], "영변 Nuclear Research Centre");
/// assert!(translate_body_name("대성").is_empty());
/// ```
pub fn translate_body_name(name: &str) -> Vec<String> {
    let mut renderings = vec![String::new()];
    let mut translated = false;
    for word in name.split_whitespace() {
        if !word.chars().any(super::is_syllable) {
            for r in &mut renderings {
                push_word(r, word);
            }
            continue;
        }
        let mut pending = String::new();
        for (part, en) in segment(word) {
            match en {
                None => pending.push_str(part),
                Some(options) => {
                    translated = true;
                    if !pending.is_empty() {
                        for r in &mut renderings {
                            push_word(r, &pending);
                        }
                        pending.clear();
                    }
                    let mut next = Vec::new();
                    for r in &renderings {
                        for o in options.iter() {
                            if next.len() < MAX_RENDERINGS {
                                let mut r = r.clone();
                                push_word(&mut r, o);
                                next.push(r);
                            }
                        }
                    }
                    renderings = next;
                }
            }
        }
        if !pending.is_empty() {
            for r in &mut renderings {
                push_word(r, &pending);
            }
        }
    }
    if translated {
        renderings
    } else {
        Vec::new()
    }
}

fn push_word(out: &mut String, word: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_names_are_rendered_word_by_word() {
        let cases = [
            (
                "조선국제전람사",
                "Korea International Exhibition Corporation",
            ),
            (
                "조선대외건설총회사",
                "Korea External Construction General Corporation",
            ),
            (
                "조선민주주의인민공화국 국가해사감독국",
                "DPRK State Maritime Administration Bureau",
            ),
            ("녕변 원자력 연구소", "녕변 Nuclear Research Centre"),
        ];
        for (hangul, english) in cases {
            assert_eq!(translate_body_name(hangul)[0], english, "{hangul}");
        }
    }

    #[test]
    fn one_syllable_words_only_end_a_word_of_known_words() {
        // 대성 is a name: its 성 is no ministry.
        assert!(translate_body_name("대성").is_empty());
        assert_eq!(translate_body_name("대성무역")[0], "대성 Trading");
        // 군 ends 인민군 as a word of its own, not as a suffix.
        assert_eq!(translate_body_name("인민군")[0], "People's Army");
    }

    #[test]
    fn ambiguous_words_give_every_rendering_up_to_the_cap() {
        let r = translate_body_name("원자력 연구소");
        assert!(
            r.contains(&"Atomic Energy Research Institute".to_string()),
            "{r:?}"
        );
        assert!(r.len() <= MAX_RENDERINGS);
        let many = translate_body_name("대외 대외 대외 대외");
        assert_eq!(many.len(), MAX_RENDERINGS);
    }
}
