//! What screening compares: the facts of a listed entity, or of a query, that matter for a
//! match, taken from FtM properties once.

use ce2_model::{model, Entity, Schema};

use crate::identifiers::{self, IdKind};

/// The broad kind of a party, which decides which names and qualifiers apply. A person is
/// never matched with a vessel, nor a wallet with a company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A person.
    Person,
    /// A company, organisation, public body, or a legal entity of unknown kind.
    Organization,
    /// A vessel.
    Vessel,
    /// An aircraft.
    Airplane,
    /// A crypto wallet.
    Wallet,
    /// A legal entity that may be a person or an organisation (FtM `LegalEntity`).
    Legal,
    /// Anything (FtM `Thing`): a query that says nothing of what it is, such as an identifier
    /// alone.
    Any,
}

impl Kind {
    /// The kind of a schema, for the matchable schemata.
    pub fn of(schema: &Schema) -> Option<Kind> {
        Some(if schema.is_a("Person") {
            Kind::Person
        } else if schema.is_a("Organization") {
            Kind::Organization
        } else if schema.is_a("Vessel") {
            Kind::Vessel
        } else if schema.is_a("Airplane") {
            Kind::Airplane
        } else if schema.is_a("CryptoWallet") {
            Kind::Wallet
        } else if schema.is_a("LegalEntity") {
            Kind::Legal
        } else if schema.name == "Thing" {
            Kind::Any
        } else {
            return None;
        })
    }

    /// Whether a query of this kind may match a record of that kind: a legal entity of unknown
    /// kind may be a person or an organisation; otherwise kinds must agree.
    pub fn compatible(self, other: Kind) -> bool {
        self == other
            || self == Kind::Any
            || other == Kind::Any
            || matches!(
                (self, other),
                (Kind::Legal, Kind::Person | Kind::Organization)
                    | (Kind::Person | Kind::Organization, Kind::Legal)
            )
    }
}

/// The facts of one entity that screening uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The entity id (empty for a query).
    pub id: String,
    /// The schema name.
    pub schema: String,
    /// The broad kind.
    pub kind: Kind,
    /// The caption.
    pub caption: String,
    /// Names: `name`, `alias`, `previousName`, and for vessels `pastNames`.
    pub names: Vec<String>,
    /// Weak aliases: matched, but never alone above the threshold.
    pub weak_names: Vec<String>,
    /// Birth dates (ISO prefixes: `1968`, `1968-03`, `1968-03-14`).
    pub birth_dates: Vec<String>,
    /// Countries of nationality, citizenship, registration, jurisdiction or flag.
    pub countries: Vec<String>,
    /// `male`, `female`, `other`.
    pub genders: Vec<String>,
    /// Identifiers, normalised ([`identifiers::normalize`]).
    pub ids: Vec<(IdKind, String)>,
    /// The datasets stating the entity.
    pub datasets: Vec<String>,
}

const NAME_PROPS: [&str; 4] = ["name", "alias", "previousName", "pastNames"];
const COUNTRY_PROPS: [&str; 6] = [
    "nationality",
    "citizenship",
    "country",
    "jurisdiction",
    "mainCountry",
    "flag",
];
const ID_PROPS: [&str; 20] = [
    "imoNumber",
    "mmsi",
    "passportNumber",
    "idNumber",
    "registrationNumber",
    "taxNumber",
    "vatCode",
    "innCode",
    "ogrnCode",
    "leiCode",
    "swiftBic",
    "socialSecurityNumber",
    "dunsCode",
    "okpoCode",
    "callSign",
    "serialNumber",
    "publicKey",
    "email",
    "phone",
    "website",
];

fn push_unique(out: &mut Vec<String>, v: &str) {
    if !v.trim().is_empty() && !out.iter().any(|x| x == v) {
        out.push(v.to_string());
    }
}

impl Record {
    /// The screening facts of an entity, or `None` for entities that are not screened
    /// (sanctions, addresses, links).
    pub fn from_entity(entity: &Entity) -> Option<Record> {
        let schema = entity.schema();
        let kind = Kind::of(schema)?;
        let mut r = Record {
            id: entity.id.clone(),
            schema: schema.name.clone(),
            kind,
            caption: entity.caption(),
            names: Vec::new(),
            weak_names: Vec::new(),
            birth_dates: Vec::new(),
            countries: Vec::new(),
            genders: Vec::new(),
            ids: Vec::new(),
            datasets: Vec::new(),
        };
        for prop in NAME_PROPS {
            for v in entity.get(prop) {
                push_unique(&mut r.names, v);
            }
        }
        // A person listed only by name parts still has a name.
        if r.names.is_empty() && kind == Kind::Person {
            let parts: Vec<&str> = ["firstName", "secondName", "middleName", "lastName"]
                .iter()
                .filter_map(|p| entity.first(p))
                .collect();
            if !parts.is_empty() {
                r.names.push(parts.join(" "));
            }
        }
        for v in entity.get("weakAlias") {
            push_unique(&mut r.weak_names, v);
        }
        for v in entity.get("birthDate") {
            push_unique(&mut r.birth_dates, v);
        }
        for prop in COUNTRY_PROPS {
            for v in entity.get(prop) {
                push_unique(&mut r.countries, v);
            }
        }
        for v in entity.get("gender") {
            push_unique(&mut r.genders, v);
        }
        for prop in ID_PROPS {
            let Some(k) = IdKind::of_property(prop) else {
                continue;
            };
            for v in entity.get(prop) {
                let normalized = match k {
                    // IMO company numbers have no check digit; ship numbers must pass it.
                    IdKind::Imo => identifiers::imo(v, kind == Kind::Vessel),
                    _ => identifiers::normalize(k, v),
                };
                if let Some(n) = normalized {
                    if !r.ids.iter().any(|(kk, x)| *kk == k && *x == n) {
                        r.ids.push((k, n));
                    }
                }
            }
        }
        for s in &entity.sources {
            push_unique(&mut r.datasets, &s.dataset);
        }
        Some(r)
    }
}

/// What a person asks about: a name and what else is known, as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// The schema of the party (`Person`, `Organization`, `Company`, `Vessel`, `LegalEntity`,
    /// or `Thing` for anything).
    pub schema: String,
    /// Names.
    pub names: Vec<String>,
    /// Birth dates, in any form the lists use.
    pub birth_dates: Vec<String>,
    /// Countries, as codes or names.
    pub countries: Vec<String>,
    /// Identifiers of any kind: IMO, MMSI, passport, wallet, e-mail, phone, website.
    pub ids: Vec<String>,
}

impl Record {
    /// The screening facts of what a person asked. A value that cannot be cleaned (an unknown
    /// country, an impossible date, something that is no identifier) is refused with the reason.
    pub fn from_query(query: &Query) -> Result<Record, String> {
        let (schema, kind) = schema_and_kind(&query.schema);
        let schema = schema.ok_or_else(|| format!("unknown schema {:?}", query.schema))?;
        let kind =
            kind.ok_or_else(|| format!("{} is not a schema that is screened", query.schema))?;
        let names: Vec<String> = query
            .names
            .iter()
            .filter(|n| !n.trim().is_empty())
            .cloned()
            .collect();
        let mut r = Record {
            id: String::new(),
            schema: schema.name.clone(),
            kind,
            caption: names.first().cloned().unwrap_or_default(),
            names,
            weak_names: vec![],
            birth_dates: vec![],
            countries: vec![],
            genders: vec![],
            ids: vec![],
            datasets: vec![],
        };
        for d in &query.birth_dates {
            r.birth_dates.push(ce2_model::types::clean_date(d)?);
        }
        for c in &query.countries {
            let code = ce2_model::countries::country_code(c)
                .ok_or_else(|| format!("unknown country {c:?}"))?;
            r.countries.push(code.to_string());
        }
        for raw in &query.ids {
            let id = identifiers::classify(raw)
                .ok_or_else(|| format!("{raw:?} is not an identifier ce2 can look up"))?;
            r.ids.push(id);
        }
        if r.names.is_empty() && r.ids.is_empty() {
            return Err("give a name or an identifier".to_string());
        }
        Ok(r)
    }
}

/// The schema of a name and its kind, remembered per thread for the last name asked: a batch
/// of queries names one schema over and over.
fn schema_and_kind(name: &str) -> (Option<&'static Schema>, Option<Kind>) {
    type Last = Option<(String, Option<&'static Schema>, Option<Kind>)>;
    thread_local! {
        static LAST: std::cell::RefCell<Last> = const { std::cell::RefCell::new(None) };
    }
    let look_up = || {
        let schema = model().get(name);
        (schema, schema.and_then(Kind::of))
    };
    LAST.with(|last| {
        let Ok(mut last) = last.try_borrow_mut() else {
            return look_up();
        };
        if let Some((n, schema, kind)) = last.as_ref() {
            if n == name {
                return (*schema, *kind);
            }
        }
        let (schema, kind) = look_up();
        *last = Some((name.to_string(), schema, kind));
        (schema, kind)
    })
}
