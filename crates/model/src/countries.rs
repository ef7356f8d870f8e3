//! Country names and codes (interim: DPRK only; the full table replaces this file).

/// The lowercase ISO 3166-1 alpha-2 code for a country name or code.
pub fn country_code(text: &str) -> Option<&'static str> {
    match text.trim().to_lowercase().as_str() {
        "korea, north" | "democratic people's republic of korea" | "kp" | "prk" | "north korea" => Some("kp"),
        _ => None,
    }
}
