//! Tokens: kinds and symbols of the words of person, organisation and vessel names.

use ce2_names::{tokenize, LegalForm, NameKind, OrgType, Symbol, TokenKind};

/// A compact rendering of tokens for table tests: `norm/KIND[:SYMBOL]`, space separated, with
/// `-` before a token attached by a hyphen.
fn render(name: &str, kind: NameKind) -> String {
    tokenize(name, kind)
        .iter()
        .map(|t| {
            let k = match t.kind {
                TokenKind::Word => "w",
                TokenKind::LegalForm => "lf",
                TokenKind::OrgType => "org",
                TokenKind::Number => "num",
                TokenKind::Stop => "stop",
                TokenKind::Initial => "init",
            };
            let sym = t.symbol.map(|s| format!(":{s}")).unwrap_or_default();
            format!("{}{}/{k}{sym}", if t.attached { "-" } else { "" }, t.norm)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn organisation_names() {
    use NameKind::Organization as O;
    let cases: &[(&str, &str)] = &[
        (
            "Korea Daesong Trading Co., Ltd.",
            "korea/w:KOREA daesong/w trading/org:ORG:TRADING co/lf:LF:CO ltd/lf:LF:LTD",
        ),
        (
            "Choson Taesong Unhaeng",
            "choson/w:KOREA taesong/w unhaeng/org:ORG:BANK",
        ),
        (
            "JOSON PAEKHO MUYOK HOESA",
            "joson/w:KOREA paekho/w muyok/org:ORG:TRADING hoesa/lf:LF:CO",
        ),
        (
            "Korea Ryonha Machinery J/V Corporation",
            "korea/w:KOREA ryonha/w machinery/w j v/org:ORG:JV corporation/lf:LF:CO",
        ),
        (
            "Chosun International Chemicals Joint Operation Company",
            "chosun/w:KOREA international/w chemicals/w joint operation/org:ORG:JV company/lf:LF:CO",
        ),
        (
            "KOREA HYOKSIN EXPORT AND IMPORT CORPORATION",
            "korea/w:KOREA hyoksin/w export and import/org:ORG:TRADING corporation/lf:LF:CO",
        ),
        (
            "Korea Ryonbong General Corporation",
            "korea/w:KOREA ryonbong/w general/org:ORG:GENERAL corporation/lf:LF:CO",
        ),
        (
            "Green Pine Associated Corporation",
            "green/w pine/w associated/w corporation/lf:LF:CO",
        ),
        (
            "Office No. 39",
            "office/w no/stop 39/num:NUM:39",
        ),
        (
            "Second Academy of Natural Sciences",
            "second/num:NUM:2 academy/w of/stop natural/w sciences/w",
        ),
        (
            "2nd Academy of Natural Sciences",
            "2nd/num:NUM:2 academy/w of/stop natural/w sciences/w",
        ),
        (
            "Eastern Stevedoring Company LLC",
            "eastern/w stevedoring/w company/lf:LF:CO llc/lf:LF:LLC",
        ),
        (
            "OOO Vostochnaya Stevedoring",
            "ooo/lf:LF:LLC vostochnaya/w stevedoring/w",
        ),
        (
            "Eritech Computer Assembly & Communication Technology PLC",
            "eritech/w computer/w assembly/w and/stop communication/w technology/w plc/lf:LF:PLC",
        ),
        // Two-letter forms count only at the end.
        ("Sa Ryong Trading SA", "sa/w ryong/w trading/org:ORG:TRADING sa/lf:LF:SA"),
        ("Banco Nacional S.A.", "banco/w nacional/w sa/lf:LF:SA"),
        ("Acme Holdings Sdn Bhd", "acme/w holdings/org:ORG:HOLDING sdn/lf:LF:BHD bhd/lf:LF:BHD"),
        // `General` is a type only before another word.
        ("Bureau General", "bureau/w general/w"),
        ("The Bank", "the/stop bank/org:ORG:BANK"),
        // Hangul and Han organisation words are split.
        (
            "조선백호무역회사",
            "조선/w:KOREA 백호/w 무역/org:ORG:TRADING 회사/lf:LF:CO",
        ),
        (
            "조선릉라도무역총회사",
            "조선/w:KOREA 릉라도/w 무역/org:ORG:TRADING 총/org:ORG:GENERAL 회사/lf:LF:CO",
        ),
        ("합장강무역회사", "합장강/w 무역/org:ORG:TRADING 회사/lf:LF:CO"),
        ("조선인민군", "조선/w:KOREA 인민군/w"),
        (
            "朝鲜联合机械贸易会社",
            "朝鲜/w:KOREA 联合机械/w 贸易/org:ORG:TRADING 会社/lf:LF:CO",
        ),
        ("上海东风航运有限公司", "上海东风/w 航运/org:ORG:SHIPPING 有限/lf:LF:LTD 公司/lf:LF:CO"),
        ("회사", "회사/lf:LF:CO"),
    ];
    let mut failures = Vec::new();
    for (name, expected) in cases {
        let got = render(name, O);
        if &got != expected {
            failures.push(format!(
                "{name:?}\n   got      {got}\n   expected {expected}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn person_names() {
    use NameKind::Person as P;
    let cases: &[(&str, &str)] = &[
        ("KIM Jong Un", "kim/w jong/w un/w"),
        ("Kim Jong-un", "kim/w jong/w -un/w"),
        ("KIM, Hyok-Chol", "kim/w hyok/w -chol/w"),
        ("Chang Myong- Chin", "chang/w myong/w -chin/w"),
        ("A - B", "a/init b/init"),
        ("김정은", "김/w 정은/w"),
        ("金正恩", "金/w 正恩/w"),
        ("欧阳修", "欧阳/w 修/w"),
        ("J. R. Smith", "j/init r/init smith/w"),
        ("Ludwig van Beethoven", "ludwig/w van/stop beethoven/w"),
        ("Mr Kim", "mr/stop kim/w"),
        ("Korea", "korea/w"),
        ("Kim Jong Un 2nd", "kim/w jong/w un/w 2nd/num:NUM:2"),
    ];
    let mut failures = Vec::new();
    for (name, expected) in cases {
        let got = render(name, P);
        if &got != expected {
            failures.push(format!(
                "{name:?}\n   got      {got}\n   expected {expected}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn vessel_names() {
    use NameKind::Vessel as V;
    assert_eq!(render("M/V CHON MA SAN", V), "m v/stop chon/w ma/w san/w");
    assert_eq!(
        render("KOREA SAMMA NO 2", V),
        "korea/w:KOREA samma/w no/stop 2/num:NUM:2"
    );
    // Vessels carry no legal forms.
    assert_eq!(render("FIRST OIL CO", V), "first/num:NUM:1 oil/w co/w");
}

#[test]
fn token_fields() {
    let t = tokenize("Kim Ch'ŏl-su 김", NameKind::Person);
    assert_eq!(t.len(), 4);
    assert_eq!(t[1].surface, "Ch'ŏl");
    assert_eq!(t[1].norm, "chol");
    assert_eq!(t[1].latin, "chol");
    assert_eq!(t[1].korean.as_ref().map(|k| k.flat()), Some("col"));
    assert_eq!(t[1].phonetic, "XL");
    assert_eq!(t[1].key(), "col");
    assert!(t[2].attached);
    assert_eq!(t[3].latin, "kim");
    assert_eq!(t[3].key(), "kim");

    let o = tokenize("Trading Co", NameKind::Organization);
    assert_eq!(o[0].symbol, Some(Symbol::OrgType(OrgType::Trading)));
    assert_eq!(o[1].symbol, Some(Symbol::LegalForm(LegalForm::Company)));
    assert_eq!(o[1].key(), "LF:CO");
    assert!(!o[1].is_name_word());

    let c = tokenize("Ким Чен Ын", NameKind::Person);
    assert_eq!(c[0].latin, "kim");
    assert_eq!(c[0].korean.as_ref().map(|k| k.flat()), Some("kim"));
    assert_eq!(c[0].script, ce2_names::Script::Cyrillic);

    // `Ltd` and `Limited` are one symbol; so are Korea, Choson and 조선.
    let a = tokenize("Korea Kwangson Limited", NameKind::Organization);
    let b = tokenize("Choson Kwangson Ltd", NameKind::Organization);
    let c = tokenize("조선 광선 Ltd", NameKind::Organization);
    for x in [&b, &c] {
        assert_eq!(a[0].symbol, x[0].symbol);
        assert_eq!(a[2].symbol, x[2].symbol);
        assert_eq!(a[1].korean, x[1].korean);
    }
}

#[test]
fn long_forms_of_legal_forms_are_legal_forms() {
    let cases: &[(&str, LegalForm)] = &[
        ("Siemens Aktiengesellschaft", LegalForm::Ag),
        (
            "Volkswagen Gesellschaft mit beschränkter Haftung",
            LegalForm::Gmbh,
        ),
        (
            "Societatea cu Răspundere Limitată PRO TRAFFIC",
            LegalForm::Srl,
        ),
        (
            "Lloyds Banking Group Public Limited Company",
            LegalForm::Plc,
        ),
        ("FABERLIC EUROPE Sp. z o.o.", LegalForm::Llc),
        ("Renault Société Anonyme", LegalForm::Sa),
    ];
    for (name, form) in cases {
        let tokens = tokenize(name, NameKind::Organization);
        let forms: Vec<Symbol> = tokens
            .iter()
            .filter(|t| t.kind == TokenKind::LegalForm)
            .filter_map(|t| t.symbol)
            .collect();
        assert_eq!(forms, [Symbol::LegalForm(*form)], "{name}");
        // What remains are the name words, none of them part of the legal form.
        let words: Vec<&str> = tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| t.latin.as_str())
            .collect();
        assert!(!words.is_empty() && words.len() <= 3, "{name}: {words:?}");
    }
}

/// English numbers in words are the number they spell in the names of bodies, ships and
/// anything else, so that they compare with digits; never in the names of persons.
#[test]
fn numbers_in_words() {
    use NameKind::{Organization as O, Other as X, Person as P, Vessel as V};
    let cases: &[(NameKind, &str, &str)] = &[
        (O, "Brigade Forty-Four", "brigade/w forty four/num:NUM:44"),
        (O, "Brigade Forty Four", "brigade/w forty four/num:NUM:44"),
        (O, "Brigade Fourty-four", "brigade/w fourty four/num:NUM:44"),
        (O, "Brigade 44", "brigade/w 44/num:NUM:44"),
        (O, "Brigade Forty 4", "brigade/w forty 4/num:NUM:44"),
        (
            O,
            "Brigade 4 Forty",
            "brigade/w 4/num:NUM:4 forty/num:NUM:40",
        ),
        (O, "Three Percenters", "three/num:NUM:3 percenters/w"),
        (O, "3 Percenters", "3/num:NUM:3 percenters/w"),
        (
            O,
            "Twenty-First Century Fox",
            "twenty first/num:NUM:21 century/w fox/w",
        ),
        (O, "21st Century Fox", "21st/num:NUM:21 century/w fox/w"),
        (
            O,
            "Second Academy of Natural Sciences",
            "second/num:NUM:2 academy/w of/stop natural/w sciences/w",
        ),
        (
            O,
            "One Hundred and Twelve Squadron",
            "one hundred and twelve/num:NUM:112 squadron/w",
        ),
        (
            O,
            "Office No. Thirty-Nine",
            "office/w no/stop thirty nine/num:NUM:39",
        ),
        (
            O,
            "Unit Seven Thousand Five Hundred",
            "unit/w seven thousand five hundred/num:NUM:7500",
        ),
        // Words not composed as English composes numbers are separate numbers.
        (
            O,
            "Four Forty Club",
            "four/num:NUM:4 forty/num:NUM:40 club/w",
        ),
        (O, "Bureau One Two", "bureau/w one/num:NUM:1 two/num:NUM:2"),
        (O, "Hundred Flowers", "hundred/w flowers/w"),
        // A name of number words alone keeps them as its words.
        (O, "Forty Four", "forty/w four/w"),
        (V, "Seven", "seven/w"),
        (
            V,
            "Ocean Star Seventeen",
            "ocean/w star/w seventeen/num:NUM:17",
        ),
        (V, "Chon Ma San Two", "chon/w ma/w san/w two/num:NUM:2"),
        (X, "Task Force Twenty", "task/w force/w twenty/num:NUM:20"),
        // Persons: names, not numbers.
        (P, "Three Percenters", "three/w percenters/w"),
        (P, "John Seven", "john/w seven/w"),
    ];
    let mut failures = Vec::new();
    for (kind, name, expected) in cases {
        let got = render(name, *kind);
        if &got != expected {
            failures.push(format!(
                "{name:?} ({kind:?})\n   got      {got}\n   expected {expected}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The number token keeps the words it was written with as its surface.
    let t = tokenize("Brigade Forty-Four", O);
    assert_eq!(t[1].surface, "Forty-Four");
}

/// A possessive `'s` is dropped in every kind of name; apostrophes inside names (O'Brien,
/// D'Souza, McCune–Reischauer's aspiration marks) are not possessives.
#[test]
fn possessives() {
    for kind in [
        NameKind::Person,
        NameKind::Organization,
        NameKind::Vessel,
        NameKind::Other,
    ] {
        let words =
            |s: &str| -> Vec<String> { tokenize(s, kind).into_iter().map(|t| t.norm).collect() };
        assert_eq!(
            words("Deutsche Bank's AG"),
            ["deutsche", "bank", "ag"],
            "{kind:?}"
        );
        assert_eq!(
            words("KOREA PEOPLE’S ARMY"),
            ["korea", "people", "army"],
            "{kind:?}"
        );
        assert_eq!(words("Michael O'Brien"), ["michael", "obrien"], "{kind:?}");
        assert_eq!(words("Anthony D'Souza"), ["anthony", "dsouza"], "{kind:?}");
        assert_eq!(words("Kim Ch'ol"), ["kim", "chol"], "{kind:?}");
        assert_eq!(words("Ch'oe Ch'ŏl-s'u"), ["choe", "chol", "su"], "{kind:?}");
        assert_eq!(
            words("Mu'ammar al-Qadhdhafi"),
            ["muammar", "al", "qadhdhafi"],
            "{kind:?}"
        );
    }
    let bank = tokenize("Deutsche Bank's AG", NameKind::Organization);
    assert_eq!(bank[1].symbol, Some(Symbol::OrgType(OrgType::Bank)));
    assert_eq!(bank[2].symbol, Some(Symbol::LegalForm(LegalForm::Ag)));
}
