//! API keys and the audit log: keys are found by their hash and only ever revoked; the audit
//! log only grows.

use ce2_store::{NewAuditEntry, Role, Store};

fn hash(n: u8) -> String {
    format!("{n:02x}").repeat(32)
}

#[test]
fn keys_are_found_by_hash_and_only_revoked() {
    let mut store = Store::open_in_memory().unwrap();
    assert!(!store.has_keys().unwrap());
    let k = store
        .create_key(&hash(1), "ce2_ab12", Role::Analyst, "onboarding service")
        .unwrap();
    assert_eq!(k.role, Role::Analyst);
    assert!(store.has_keys().unwrap());
    assert_eq!(store.key_by_hash(&hash(1)).unwrap().unwrap().id, k.id);
    assert!(store.key_by_hash(&hash(2)).unwrap().is_none());
    // Not a hash: refused, nothing written.
    assert!(store.create_key("secret", "x", Role::Admin, "x").is_err());
    assert_eq!(store.keys().unwrap().len(), 1);
    let revoked = store.revoke_key(k.id).unwrap();
    assert!(revoked.revoked_at.is_some());
    // Revoked once: a second revocation keeps the first date.
    assert_eq!(
        store.revoke_key(k.id).unwrap().revoked_at,
        revoked.revoked_at
    );
    assert!(store.revoke_key(999).is_err());
}

#[test]
fn the_audit_log_only_grows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut store = Store::open(&path).unwrap();
    let entry = |n: usize| NewAuditEntry {
        actor: "anonymous".into(),
        action: "match".into(),
        request: format!("{{\"n\":{n}}}"),
        response: "{}".into(),
        versions: "{}".into(),
    };
    store.append_audit(&[entry(1), entry(2)]).unwrap();
    store.append_audit(&[entry(3)]).unwrap();
    let all = store.audit(0, 100).unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(store.audit(all[0].id, 1).unwrap()[0].request, "{\"n\":2}");
    drop(store);
    // Not even SQL from outside the API can change or remove an entry.
    let conn = rusqlite::Connection::open(&path).unwrap();
    assert!(conn.execute("UPDATE audit SET actor = 'x'", []).is_err());
    assert!(conn.execute("DELETE FROM audit", []).is_err());
    assert!(conn
        .execute("DELETE FROM api_keys", [])
        .is_ok_and(|n| n == 0));
}
