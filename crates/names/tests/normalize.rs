//! Normalisation, script detection and transliteration: tables of input → expected output.

use ce2_names::{latinize, normalize, script, word_scripts, Script};

#[test]
fn normalize_table() {
    let cases: &[(&str, &str)] = &[
        // Case, spacing, diacritics.
        ("KIM Jong Un", "kim jong un"),
        ("  Kim   Jong\tUn \n", "kim jong un"),
        ("Müller-Lüdenscheidt", "muller ludenscheidt"),
        ("Ñuñez São Tomé", "nunez sao tome"),
        (
            "Straße Æsir Øre Łódź Đorđe Þór",
            "strasse aesir ore lodz dorde thor",
        ),
        // McCune–Reischauer breves and their apostrophe forms, aspiration apostrophes.
        ("Kim Chŏng-ŭn", "kim chong un"),
        ("KIM, Hyo'k-ch'o'l", "kim hyok chol"),
        ("CH’OE Ch’un-yo’ng", "choe chun yong"),
        ("Ch‘oe ʼUn `Song ´Il", "choe un song il"),
        ("RYO'M, Hu'i-pong", "ryom hui pong"),
        ("P'YO'NG-KUK", "pyong kuk"),
        // Detached apostrophes as the lists print them.
        ("Cho 'n Myo 'ng-kuk", "chon myong kuk"),
        ("CHANG, Myo' ng-ch'o' l", "chang myong chol"),
        ("O' Brien", "o brien"),
        // A possessive 's goes with its apostrophe; other endings after an apostrophe stay.
        ("Deutsche Bank's AG", "deutsche bank ag"),
        ("DEUTSCHE BANK’S AG", "deutsche bank ag"),
        ("Korean People's Army", "korean people army"),
        ("Workers' Party of Korea", "workers party of korea"),
        ("O'Brien", "obrien"),
        ("D'Souza", "dsouza"),
        ("D'Souza's", "dsouza"),
        ("O'Sullivan", "osullivan"),
        ("Ch'ol", "chol"),
        ("Kim Ch'ŏl-su", "kim chol su"),
        ("CH'OE Ch'ang-s'ik", "choe chang sik"),
        ("'s", "s"),
        ("Bank's-Trading", "bank trading"),
        // Separators.
        ("Green Pine Co., Ltd.", "green pine co ltd"),
        (
            "Korea Ryenha Machinery J/V Corporation",
            "korea ryenha machinery j v corporation",
        ),
        ("Office #39 (Bureau 39)", "office 39 bureau 39"),
        ("A&B Trading", "a and b trading"),
        ("Shipping & Marine", "shipping and marine"),
        ("KIM—Jong–Un", "kim jong un"),
        // Dotted single letters are one word.
        ("S.A.", "sa"),
        ("Sobaeku United Corp.", "sobaeku united corp"),
        ("U.S.A. L.L.C.", "usa llc"),
        ("Office No.39", "office no 39"),
        // Invisible characters do not break a word.
        ("K\u{200B}IM", "kim"),
        ("KI\u{200D}M J\u{00AD}ONG", "kim jong"),
        ("\u{FEFF}Kim\u{202E} Jong\u{2060}un", "kim jongun"),
        ("Kim\u{0007}Jong", "kimjong"),
        // Homoglyphs inside Latin words, and a confusable-only word in a Latin name.
        ("KIМ JОNG UN", "kim jong un"),
        ("Кim", "kim"),
        ("ΚΙΜ Jong Un", "kim jong un"),
        ("Pаrk Jin Hyok", "park jin hyok"),
        // Genuine Cyrillic and Greek stay.
        ("Ким Чен Ын", "ким чен ын"),
        ("Владимир ПУТИН", "владимир путин"),
        ("Ёлкин", "елкин"),
        ("Андрій Їжак", "андрій їжак"),
        ("Αλέξανδρος", "αλεξανδροσ"),
        // Compatibility forms.
        ("ＫＩＭ　ＪＯＮＧ", "kim jong"),
        ("𝐊𝐈𝐌", "kim"),
        ("ﬁnance", "finance"),
        ("Ⅱ", "ii"),
        // Hangul and Han are kept.
        ("김정은", "김정은"),
        ("金正恩", "金正恩"),
        ("조선 백호 무역회사", "조선 백호 무역회사"),
        // Conjoining jamo compose into syllables.
        ("\u{1100}\u{1175}\u{11B7}", "김"),
        // Other digits.
        ("Office ٣٩", "office 39"),
        // Empty and nothing.
        ("", ""),
        ("   ", ""),
        ("-- / ..", ""),
        ("\u{200B}\u{200B}", ""),
    ];
    let mut failures = Vec::new();
    for (input, expected) in cases {
        let got = normalize(input);
        if &got != expected {
            failures.push(format!("{input:?}: got {got:?}, expected {expected:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn normalize_is_idempotent() {
    for input in [
        "Kim Chŏng-ŭn",
        "KIМ JОNG UN",
        "Green Pine Co., Ltd.",
        "Ким Чен Ын",
        "김정은",
        "S.A.",
        "Cho 'n Myo 'ng-kuk",
        "ﬁnance Ⅱ",
    ] {
        let once = normalize(input);
        assert_eq!(normalize(&once), once, "{input:?}");
    }
}

#[test]
fn script_table() {
    let cases: &[(&str, Script)] = &[
        ("KIM Jong Un", Script::Latin),
        ("Müller", Script::Latin),
        ("김정은", Script::Hangul),
        ("ㄱㄴㄷ", Script::Hangul),
        ("金正恩", Script::Han),
        ("朝鲜联合机械贸易会社", Script::Han),
        ("Владимир Путин", Script::Cyrillic),
        ("Νικόλαος", Script::Greek),
        ("محمد علي", Script::Arabic),
        ("משה", Script::Hebrew),
        ("สมชาย", Script::Thai),
        ("やまだ たろう", Script::Kana),
        ("Բարակ Օբամա", Script::Armenian),
        ("ԵՐԵՎԱՆ", Script::Armenian),
        ("ბარაკ ობამა", Script::Georgian),
        ("ᲑᲐᲠᲐᲙ", Script::Georgian),
        ("नरेन्द्र", Script::Other),
        ("ប៉ុល ពត", Script::Other),
        ("山田たろう", Script::Mixed),
        ("Kim 김정은", Script::Mixed),
        ("KIМ", Script::Mixed),
        ("1718 - 39", Script::None),
        ("", Script::None),
    ];
    for (input, expected) in cases {
        assert_eq!(script(input), *expected, "{input:?}");
    }
    assert_eq!(
        word_scripts("Jin Tiesan 金铁三"),
        vec![
            ("Jin", Script::Latin),
            ("Tiesan", Script::Latin),
            ("金铁三", Script::Han)
        ]
    );
}

#[test]
fn latinize_table() {
    let cases: &[(&str, &str)] = &[
        // Cyrillic, Russian and Ukrainian.
        ("Владимир Путин", "vladimir putin"),
        ("Андреев Виталий Сергеевич", "andreev vitaliy sergeevich"),
        ("Олег Николаевич КОЖЕМЯКО", "oleg nikolaevich kozhemyako"),
        ("Юрий Щербаков", "yuriy shcherbakov"),
        ("Дмитрий Медведев", "dmitriy medvedev"),
        ("Ким Чен Ын", "kim chen yn"),
        ("Андрій Їжак", "andriy yizhak"),
        ("Григорій", "hryhoriy"),
        (
            "ООО Восточная Стивидорная Компания",
            "ooo vostochnaya stividornaya kompaniya",
        ),
        // Greek.
        ("Νικόλαος", "nikolaos"),
        ("Αλέξανδρος", "alexandros"),
        ("Ευάγγελος", "evangelos"),
        // Hangul, DPRK style.
        ("김정은", "kimjongun"),
        ("김영철", "kimyongchol"),
        ("최룡해", "choeryonghae"),
        ("평양", "phyongyang"),
        ("조선", "joson"),
        ("박재경", "pakjaegyong"),
        ("리학철", "rihakchol"),
        ("렴영", "ryomyong"),
        // Han: toneless pinyin, a personal name split after the family name.
        ("金正恩", "jin zhengen"),
        ("金铁三", "jin tiesan"),
        ("习近平", "xi jinping"),
        ("王伟", "wang wei"),
        ("朝鲜联合机械贸易会社", "chaoxianlianhejixiemaoyihuishe"),
        // Latin passes through normalised.
        ("Kim Chŏng-ŭn", "kim chong un"),
        // Arabic, Hebrew, Thai and kana (more in tests/translit.rs).
        ("محمد", "mahmad"),
        ("משה", "msha"),
        ("สมชาย", "somchai"),
        ("やまだ たろう", "yamada taro"),
        // Armenian and Georgian (more in tests/translit.rs).
        ("Բարակ Օբամա", "barak obama"),
        ("ბარაკ ობამა", "barak obama"),
        // Scripts without a transliteration pass through.
        ("ኃይለ ሥላሴ", "ኃይለ ሥላሴ"),
        ("", ""),
    ];
    let mut failures = Vec::new();
    for (input, expected) in cases {
        let got = latinize(input);
        if &got != expected {
            failures.push(format!("{input:?}: got {got:?}, expected {expected:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
