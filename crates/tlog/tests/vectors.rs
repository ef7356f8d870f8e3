//! The crate against the public test vectors in the shared data folder (`ledger/`): the
//! transparency-dev/merkle tree and proof probes, and the signed-note and checkpoint vectors of
//! golang.org/x/mod, transparency-dev/formats and C2SP. Each test skips, after a notice, when the
//! folder is absent (see `ce2-testdata`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use ce2_tlog::checkpoint::{self, Checkpoint, CheckpointError};
use ce2_tlog::merkle::{self, MemoryTree, NodeSource};
use ce2_tlog::note::{self, NoteError, Signer, Verifier};
use ce2_tlog::Hash;
use serde::Deserialize;

/// Standard base64 as Go decodes it (padding required, trailing bits not checked).
const B64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::RequireCanonical),
);

fn ledger(rel: &str) -> Option<PathBuf> {
    ce2_testdata::shared_file(&format!("ledger/{rel}"))
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> T {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}

fn b64(s: &str) -> Vec<u8> {
    B64.decode(s)
        .unwrap_or_else(|e| panic!("bad base64 {s:?}: {e}"))
}

fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap_or_else(|e| panic!("bad hex {s:?}: {e}"))
}

fn hash32(s: &str) -> Hash {
    unhex(s).try_into().expect("a 32-byte hash")
}

// ---------------------------------------------------------------------------------------------
// merkle/tree-hashes.json

#[derive(Deserialize)]
struct TreeHashes {
    empty_tree_root: String,
    leaf_inputs_hex: Vec<String>,
    node_hashes_by_level: Vec<Vec<String>>,
    root_by_tree_size: Vec<String>,
    hasher_vectors: Vec<HasherVector>,
}

#[derive(Deserialize)]
struct HasherVector {
    desc: String,
    kind: String,
    input_hex: Option<String>,
    left_hex: Option<String>,
    right_hex: Option<String>,
    want: String,
}

fn reference_tree() -> Option<(TreeHashes, MemoryTree)> {
    let th: TreeHashes = read_json(&ledger("merkle/tree-hashes.json")?);
    let tree = MemoryTree::from_leaves(
        th.leaf_inputs_hex
            .iter()
            .map(|d| merkle::leaf_hash(&unhex(d))),
    );
    Some((th, tree))
}

#[test]
fn tree_hashes() {
    let Some((th, tree)) = reference_tree() else {
        return;
    };
    assert_eq!(merkle::empty_root(), hash32(&th.empty_tree_root));
    assert_eq!(th.leaf_inputs_hex.len(), 8);
    assert_eq!(th.root_by_tree_size.len(), 9);

    // Every stored node of the full tree.
    let mut nodes = 0;
    for (level, row) in th.node_hashes_by_level.iter().enumerate() {
        for (index, want) in row.iter().enumerate() {
            assert_eq!(
                tree.node(level as u8, index as u64).unwrap(),
                hash32(want),
                "node level {level} index {index}"
            );
            nodes += 1;
        }
    }
    assert_eq!(nodes, 15);

    // Every root, three ways: from the stored nodes, from a growing tree, from the frontier.
    let mut growing = MemoryTree::new();
    let mut frontier = merkle::Frontier::new();
    let mut reported = BTreeMap::new();
    for (size, want) in th.root_by_tree_size.iter().enumerate() {
        let want = hash32(want);
        assert_eq!(
            merkle::root_at(&tree, size as u64).unwrap(),
            want,
            "root_at {size}"
        );
        assert_eq!(growing.root(), want, "MemoryTree of {size}");
        assert_eq!(frontier.root(), want, "Frontier of {size}");
        assert_eq!(frontier.size(), size as u64);
        assert_eq!(frontier.peaks().len(), size.count_ones() as usize);
        if let Some(data) = th.leaf_inputs_hex.get(size) {
            let leaf = merkle::leaf_hash(&unhex(data));
            growing.push(leaf);
            frontier.push(leaf, |level, index, hash| {
                assert!(reported.insert((level, index), *hash).is_none());
            });
        }
    }
    // The frontier reported each of the 15 nodes once, with its hash.
    assert_eq!(reported.len(), 15);
    for ((level, index), hash) in reported {
        assert_eq!(
            hash,
            hash32(&th.node_hashes_by_level[level as usize][index as usize])
        );
    }

    for v in &th.hasher_vectors {
        let got = match v.kind.as_str() {
            "empty" => merkle::empty_root(),
            "leaf" => merkle::leaf_hash(&unhex(v.input_hex.as_deref().unwrap())),
            "node" => merkle::hash_children(
                &unhex(v.left_hex.as_deref().unwrap()),
                &unhex(v.right_hex.as_deref().unwrap()),
            ),
            other => panic!("unknown hasher vector kind {other}"),
        };
        assert_eq!(got, hash32(&v.want), "{}", v.desc);
    }
    assert_eq!(th.hasher_vectors.len(), 4);
}

// ---------------------------------------------------------------------------------------------
// merkle/testdata: the transparency-dev/merkle proof probes

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Probe {
    #[serde(default)]
    leaf_idx: u64,
    #[serde(default)]
    tree_size: u64,
    #[serde(default)]
    start: u64,
    #[serde(default)]
    end: u64,
    #[serde(default)]
    size: u64,
    #[serde(default)]
    size1: u64,
    #[serde(default)]
    size2: u64,
    #[serde(default)]
    root: String,
    #[serde(default)]
    root1: String,
    #[serde(default)]
    root2: String,
    #[serde(default)]
    leaf_hash: String,
    proof: Option<Vec<String>>,
    desc: String,
    want_err: bool,
}

impl Probe {
    fn proof(&self) -> Vec<Vec<u8>> {
        self.proof.iter().flatten().map(|h| b64(h)).collect()
    }
}

/// Every `*.json` under `dir`, sorted.
fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Runs `verify` on every probe of a folder and checks `ok == !wantErr`; returns the number of
/// files and the number of valid ones.
fn run_probes(
    folder: &str,
    verify: impl Fn(&Probe) -> Result<(), merkle::VerifyError>,
) -> Option<(usize, usize)> {
    let dir = ledger(&format!("merkle/testdata/{folder}"))?;
    let files = json_files(&dir);
    let mut wrong = Vec::new();
    let mut valid = 0;
    for path in &files {
        let probe: Probe = read_json(path);
        let result = verify(&probe);
        if result.is_ok() == probe.want_err {
            wrong.push(format!(
                "{} ({}): wantErr {}, got {:?}",
                path.strip_prefix(&dir).unwrap().display(),
                probe.desc,
                probe.want_err,
                result.map_err(|e| e.to_string())
            ));
        }
        valid += usize::from(!probe.want_err);
    }
    assert!(
        wrong.is_empty(),
        "{folder}: {} wrong verdicts:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    Some((files.len(), valid))
}

#[test]
fn inclusion_probes() {
    let Some(counts) = run_probes("inclusion", |p| {
        merkle::verify_inclusion(
            p.leaf_idx,
            p.tree_size,
            &b64(&p.leaf_hash),
            &p.proof(),
            &b64(&p.root),
        )
    }) else {
        return;
    };
    assert_eq!(counts, (98, 6));
}

#[test]
fn consistency_probes() {
    let Some(counts) = run_probes("consistency", |p| {
        merkle::verify_consistency(p.size1, p.size2, &p.proof(), &b64(&p.root1), &b64(&p.root2))
    }) else {
        return;
    };
    assert_eq!(counts, (98, 6));
}

#[test]
fn subtree_inclusion_probes() {
    let Some(counts) = run_probes("subtreeinclusion", |p| {
        merkle::verify_subtree_inclusion(
            p.leaf_idx,
            p.start,
            p.end,
            &b64(&p.leaf_hash),
            &p.proof(),
            &b64(&p.root),
        )
    }) else {
        return;
    };
    assert_eq!(counts, (204, 12));
}

#[test]
fn subtree_consistency_probes() {
    let Some(counts) = run_probes("subtreeconsistency", |p| {
        merkle::verify_subtree_consistency(
            p.start,
            p.end,
            p.size,
            &p.proof(),
            &b64(&p.root1),
            &b64(&p.root2),
        )
    }) else {
        return;
    };
    assert_eq!(counts, (118, 12));
}

/// The happy-path probes over the 8-leaf reference tree equal the proofs generated from it.
#[test]
fn happy_paths_equal_generated_proofs() {
    let Some((_, tree)) = reference_tree() else {
        return;
    };
    let Some(dir) = ledger("merkle/testdata") else {
        return;
    };
    let mut compared = 0;
    for folder in [
        "inclusion",
        "consistency",
        "subtreeinclusion",
        "subtreeconsistency",
    ] {
        for case in 0..5 {
            let path = dir.join(format!("{folder}/{case}/happy-path.json"));
            let p: Probe = read_json(&path);
            assert!(!p.want_err);
            let generated: Vec<Hash> = match folder {
                "inclusion" => {
                    assert_eq!(b64(&p.root), merkle::root_at(&tree, p.tree_size).unwrap());
                    merkle::inclusion_proof(&tree, p.leaf_idx, p.tree_size).unwrap()
                }
                "consistency" => {
                    assert_eq!(b64(&p.root1), merkle::root_at(&tree, p.size1).unwrap());
                    assert_eq!(b64(&p.root2), merkle::root_at(&tree, p.size2).unwrap());
                    merkle::consistency_proof(&tree, p.size1, p.size2).unwrap()
                }
                "subtreeinclusion" => {
                    merkle::subtree_inclusion_proof(&tree, p.leaf_idx, p.start, p.end).unwrap()
                }
                _ => {
                    assert_eq!(b64(&p.root2), merkle::root_at(&tree, p.size).unwrap());
                    merkle::subtree_consistency_proof(&tree, p.start, p.end, p.size).unwrap()
                }
            };
            let generated: Vec<Vec<u8>> = generated.iter().map(|h| h.to_vec()).collect();
            assert_eq!(generated, p.proof(), "{}", path.display());
            compared += 1;
        }
    }
    assert_eq!(compared, 20);
}

/// Proofs generated for every (m, n) with 0 <= m < n <= 64 over random leaves verify, and fail
/// against a wrong root.
#[test]
fn generated_proofs_verify() {
    // Deterministic "random" leaves: hashes of a counter.
    let leaves: Vec<Hash> = (0u64..64)
        .map(|i| merkle::leaf_hash(&merkle::leaf_hash(&i.to_le_bytes())))
        .collect();
    let tree = MemoryTree::from_leaves(leaves.iter().copied());
    let roots: Vec<Hash> = (0..=64)
        .map(|n| merkle::root_at(&tree, n).unwrap())
        .collect();
    let mut inclusion = 0;
    let mut consistency = 0;
    for n in 1..=64u64 {
        let root = &roots[n as usize];
        for m in 0..n {
            let proof = merkle::inclusion_proof(&tree, m, n).unwrap();
            assert_eq!(proof.len(), merkle::inclusion_proof_len(m, n));
            merkle::verify_inclusion(m, n, &leaves[m as usize], &proof, root)
                .unwrap_or_else(|e| panic!("inclusion {m} in {n}: {e}"));
            assert!(
                merkle::verify_inclusion(m, n, &leaves[m as usize], &proof, &roots[0]).is_err()
            );
            inclusion += 1;

            if m > 0 {
                let proof = merkle::consistency_proof(&tree, m, n).unwrap();
                merkle::verify_consistency(m, n, &proof, &roots[m as usize], root)
                    .unwrap_or_else(|e| panic!("consistency {m} -> {n}: {e}"));
                assert!(
                    merkle::verify_consistency(m, n, &proof, &roots[m as usize], &roots[0])
                        .is_err()
                );
                assert!(merkle::verify_consistency(m, n, &proof, &roots[0], root).is_err());
                consistency += 1;
            }
        }
        // m == n: the empty proof.
        let proof = merkle::consistency_proof(&tree, n, n).unwrap();
        assert!(proof.is_empty());
        merkle::verify_consistency(n, n, &proof, root, root).unwrap();
    }
    assert_eq!(inclusion, 64 * 65 / 2);
    assert_eq!(consistency, 63 * 64 / 2);
    assert!(matches!(
        merkle::consistency_proof(&tree, 0, 5),
        Err(merkle::ProofError::EmptyFirstTree)
    ));
}

// ---------------------------------------------------------------------------------------------
// checkpoint/keys.json

#[derive(Deserialize)]
struct Keys {
    keys: Vec<Key>,
    bad_vkeys: Vec<BadVkey>,
}

#[derive(Deserialize)]
struct Key {
    name: String,
    key_hash: String,
    type_byte: String,
    public_key_hex: String,
    vkey: String,
    skey: Option<String>,
    ed25519_seed_hex: Option<String>,
}

#[derive(Deserialize)]
struct BadVkey {
    vkey: String,
    why: String,
}

#[test]
fn keys() {
    let Some(path) = ledger("checkpoint/keys.json") else {
        return;
    };
    let keys: Keys = read_json(&path);
    let (mut ed25519, mut ecdsa, mut secret) = (0, 0, 0);
    for k in &keys.keys {
        let hash = u32::from_str_radix(&k.key_hash, 16).unwrap();
        match k.type_byte.as_str() {
            "01" => {
                ed25519 += 1;
                let v = Verifier::new(&k.vkey).unwrap_or_else(|e| panic!("{}: {e}", k.vkey));
                assert_eq!(v.name(), k.name);
                assert_eq!(v.key_hash(), hash);
                assert_eq!(v.public_key().to_vec(), unhex(&k.public_key_hex));
                assert_eq!(v.vkey(), k.vkey);
                // The key hash recomputed from name and key.
                let mut key = vec![note::ALG_ED25519];
                key.extend(unhex(&k.public_key_hex));
                assert_eq!(note::key_hash(&k.name, &key), hash, "{}", k.name);
                let from_pub = Verifier::from_public_key(&k.name, v.public_key()).unwrap();
                assert_eq!(from_pub, v);
                if let Some(skey) = &k.skey {
                    secret += 1;
                    let s = Signer::new(skey).unwrap_or_else(|e| panic!("{}: {e}", k.name));
                    assert_eq!(s.verifier(), v);
                    assert_eq!(&s.skey(), skey);
                    let seed: [u8; 32] = unhex(k.ed25519_seed_hex.as_deref().unwrap())
                        .try_into()
                        .unwrap();
                    assert_eq!(Signer::from_seed(&k.name, seed).unwrap().skey(), *skey);
                }
            }
            "02" => {
                ecdsa += 1;
                let err = Verifier::new(&k.vkey).unwrap_err();
                assert_eq!(
                    err,
                    NoteError::UnsupportedKeyType {
                        name: k.name.clone(),
                        type_byte: 0x02
                    }
                );
                assert_eq!(
                    err.to_string(),
                    format!(
                        "key {}: type 0x02 (ECDSA) is not supported, only Ed25519 keys (type 0x01) are",
                        k.name
                    )
                );
            }
            other => panic!("unexpected key type {other}"),
        }
    }
    assert_eq!((keys.keys.len(), ed25519, ecdsa, secret), (14, 12, 2, 7));

    for bad in &keys.bad_vkeys {
        let err = Verifier::new(&bad.vkey)
            .err()
            .unwrap_or_else(|| panic!("{} ({}) was accepted", bad.vkey, bad.why));
        assert!(matches!(err, NoteError::BadKey(_)), "{}: {err:?}", bad.vkey);
    }
    assert_eq!(keys.bad_vkeys.len(), 6);
}

// ---------------------------------------------------------------------------------------------
// checkpoint/signed-notes.json

#[derive(Deserialize)]
struct SignedNotes {
    cases: Vec<NoteCase>,
}

#[derive(Deserialize)]
struct NoteCase {
    id: String,
    known_vkeys: Vec<String>,
    note: Option<String>,
    note_hex: Option<String>,
    expect: NoteExpect,
    algorithm: Option<String>,
}

#[derive(Deserialize)]
struct NoteExpect {
    ok: bool,
    error: Option<String>,
    text: Option<String>,
    #[serde(default)]
    verified: Vec<NameHash>,
    #[serde(default)]
    unverified: Vec<NameHash>,
}

#[derive(Deserialize, Debug, PartialEq)]
struct NameHash {
    name: String,
    key_hash: String,
}

fn name_hashes(sigs: &[note::Sig]) -> Vec<NameHash> {
    sigs.iter()
        .map(|s| NameHash {
            name: s.name.clone(),
            key_hash: format!("{:08x}", s.key_hash),
        })
        .collect()
}

fn error_kind(err: &NoteError) -> &'static str {
    match err {
        NoteError::Malformed(_) => "malformed",
        NoteError::InvalidSignature { .. } => "invalid_signature",
        NoteError::NoVerifiableSignature { .. } => "no_verifiable_signature",
        NoteError::AmbiguousKey { .. } => "ambiguous_key",
        _ => "other",
    }
}

#[test]
fn signed_notes() {
    let Some(path) = ledger("checkpoint/signed-notes.json") else {
        return;
    };
    let notes: SignedNotes = read_json(&path);
    assert_eq!(notes.cases.len(), 26);
    let (mut accepted, mut rejected, mut ecdsa) = (0, 0, 0);
    for case in &notes.cases {
        let bytes = match (&case.note, &case.note_hex) {
            (Some(n), _) => n.as_bytes().to_vec(),
            (None, Some(h)) => unhex(h),
            _ => panic!("{}: no note", case.id),
        };
        if case.algorithm.as_deref() == Some("ecdsa") {
            // An Ed25519-only verifier refuses the ECDSA key, so it knows no key for the note:
            // whatever an ECDSA verifier would say, here the note has no verifiable signature.
            ecdsa += 1;
            for vkey in &case.known_vkeys {
                assert!(matches!(
                    Verifier::new(vkey),
                    Err(NoteError::UnsupportedKeyType {
                        type_byte: 0x02,
                        ..
                    })
                ));
            }
            let err = note::open(&bytes, &[]).unwrap_err();
            assert_eq!(error_kind(&err), "no_verifiable_signature", "{}", case.id);
            continue;
        }
        let known: Vec<Verifier> = case
            .known_vkeys
            .iter()
            .map(|v| Verifier::new(v).unwrap())
            .collect();
        match note::open(&bytes, &known) {
            Ok(opened) => {
                assert!(
                    case.expect.ok,
                    "{}: opened, expected {:?}",
                    case.id, case.expect.error
                );
                assert_eq!(Some(&opened.text), case.expect.text.as_ref(), "{}", case.id);
                assert_eq!(
                    name_hashes(&opened.verified),
                    case.expect.verified,
                    "{}",
                    case.id
                );
                assert_eq!(
                    name_hashes(&opened.unverified),
                    case.expect.unverified,
                    "{}",
                    case.id
                );
                accepted += 1;
            }
            Err(err) => {
                assert!(!case.expect.ok, "{}: expected to open, got {err}", case.id);
                assert_eq!(
                    Some(error_kind(&err)),
                    case.expect.error.as_deref(),
                    "{}: {err}",
                    case.id
                );
                rejected += 1;
            }
        }
    }
    assert_eq!((accepted, rejected, ecdsa), (10, 13, 3));
}

// ---------------------------------------------------------------------------------------------
// checkpoint/signing.json

#[derive(Deserialize)]
struct Signing {
    signing_vectors: Vec<SigningVector>,
    parse_checkpoint_cases: Vec<ParseCheckpointCase>,
}

#[derive(Deserialize)]
struct SigningVector {
    id: String,
    text: String,
    skeys_in_order: Vec<String>,
    signed_note: String,
}

#[derive(Deserialize)]
struct ParseCheckpointCase {
    desc: String,
    note: String,
    expected_origin: String,
    log_vkey: String,
    other_vkeys: Vec<String>,
    want_err: bool,
    want_verified_sigs: usize,
}

#[test]
fn signing_vectors() {
    let Some(path) = ledger("checkpoint/signing.json") else {
        return;
    };
    let signing: Signing = read_json(&path);
    assert_eq!(signing.signing_vectors.len(), 7);
    for v in &signing.signing_vectors {
        let signers: Vec<Signer> = v
            .skeys_in_order
            .iter()
            .map(|s| Signer::new(s).unwrap())
            .collect();
        let refs: Vec<&Signer> = signers.iter().collect();
        assert_eq!(
            note::sign(&v.text, &refs).unwrap(),
            v.signed_note,
            "{}",
            v.id
        );
        // Adding the signers one at a time gives the same bytes.
        let mut cosigned = note::sign(&v.text, &refs[..1]).unwrap();
        for s in &refs[1..] {
            cosigned = note::cosign(&cosigned, &[s]).unwrap();
        }
        assert_eq!(cosigned, v.signed_note, "{} (cosigned)", v.id);
        // And every signer verifies.
        let known: Vec<Verifier> = signers.iter().map(Signer::verifier).collect();
        let opened = note::open(v.signed_note.as_bytes(), &known).unwrap();
        assert_eq!(opened.verified.len(), signers.len(), "{}", v.id);
    }

    assert_eq!(signing.parse_checkpoint_cases.len(), 11);
    for c in &signing.parse_checkpoint_cases {
        let log = Verifier::new(&c.log_vkey).unwrap();
        let others: Vec<Verifier> = c
            .other_vkeys
            .iter()
            .map(|v| Verifier::new(v).unwrap())
            .collect();
        let result = checkpoint::open(c.note.as_bytes(), &c.expected_origin, &log, &others);
        match result {
            Ok((cp, opened)) => {
                assert!(!c.want_err, "{}: opened, expected an error", c.desc);
                assert_eq!(opened.verified.len(), c.want_verified_sigs, "{}", c.desc);
                assert_eq!(cp.origin, c.expected_origin);
                assert_eq!(cp.size, 42);
                assert_eq!(cp.root, b"abcdef");
                // The 6-byte fake root does not pass the C2SP rules.
                assert!(matches!(
                    checkpoint::open_strict(c.note.as_bytes(), &c.expected_origin, &log, &others),
                    Err(CheckpointError::Malformed(_))
                ));
            }
            Err(err) => assert!(c.want_err, "{}: {err}", c.desc),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// checkpoint/checkpoint-bodies.json

#[derive(Deserialize)]
struct Bodies {
    cases: Vec<BodyCase>,
}

#[derive(Deserialize)]
struct BodyCase {
    id: String,
    body: String,
    lenient_expect: Option<LenientExpect>,
    strict_c2sp_sha256_valid: bool,
}

#[derive(Deserialize)]
struct LenientExpect {
    ok: bool,
    origin: Option<String>,
    size: Option<u64>,
    root_hash_b64: Option<String>,
    root_hash_len: Option<usize>,
    rest: Option<String>,
}

#[test]
fn checkpoint_bodies() {
    let Some(path) = ledger("checkpoint/checkpoint-bodies.json") else {
        return;
    };
    let bodies: Bodies = read_json(&path);
    assert_eq!(bodies.cases.len(), 20);
    let (mut lenient, mut strict_ok) = (0, 0);
    for c in &bodies.cases {
        if let Some(want) = &c.lenient_expect {
            lenient += 1;
            match Checkpoint::parse(&c.body) {
                Ok(cp) => {
                    assert!(want.ok, "{}: parsed leniently, expected an error", c.id);
                    assert_eq!(Some(&cp.origin), want.origin.as_ref(), "{}", c.id);
                    assert_eq!(Some(cp.size), want.size, "{}", c.id);
                    assert_eq!(
                        cp.root,
                        b64(want.root_hash_b64.as_deref().unwrap()),
                        "{}",
                        c.id
                    );
                    assert_eq!(Some(cp.root.len()), want.root_hash_len, "{}", c.id);
                    let rest: String = cp.extensions.iter().map(|e| format!("{e}\n")).collect();
                    assert_eq!(Some(&rest), want.rest.as_ref(), "{}", c.id);
                }
                Err(err) => assert!(!want.ok, "{}: {err}", c.id),
            }
        }
        match Checkpoint::parse_strict(&c.body) {
            Ok(cp) => {
                assert!(
                    c.strict_c2sp_sha256_valid,
                    "{}: passed the strict rules",
                    c.id
                );
                assert_eq!(cp.body(), c.body, "{}", c.id);
                strict_ok += 1;
            }
            Err(err) => assert!(!c.strict_c2sp_sha256_valid, "{}: {err}", c.id),
        }
    }
    assert_eq!((lenient, strict_ok), (18, 3));
}

// ---------------------------------------------------------------------------------------------
// checkpoint/sumdb-fork-example.json

#[derive(Deserialize)]
struct Fork {
    vkey: String,
    skey: String,
    old_signed_checkpoint: String,
    new_signed_checkpoint: String,
    root_at_5_in_new_tree_b64: String,
    consistency_proof_5_to_6_b64: Vec<String>,
}

#[test]
fn sumdb_fork_example() {
    let Some(path) = ledger("checkpoint/sumdb-fork-example.json") else {
        return;
    };
    let fork: Fork = read_json(&path);
    let v = Verifier::new(&fork.vkey).unwrap();
    assert_eq!(Signer::new(&fork.skey).unwrap().verifier(), v);
    let origin = "go.sum database tree";
    let (old, _) =
        checkpoint::open_strict(fork.old_signed_checkpoint.as_bytes(), origin, &v, &[]).unwrap();
    let (new, _) =
        checkpoint::open_strict(fork.new_signed_checkpoint.as_bytes(), origin, &v, &[]).unwrap();
    assert_eq!((old.size, new.size), (5, 6));

    let proof: Vec<Vec<u8>> = fork
        .consistency_proof_5_to_6_b64
        .iter()
        .map(|h| b64(h))
        .collect();
    let root5_new = b64(&fork.root_at_5_in_new_tree_b64);
    assert_ne!(root5_new, old.root, "the two logs disagree about size 5");
    merkle::verify_consistency(5, 6, &proof, &root5_new, &new.root).unwrap();
    let err = merkle::verify_consistency(5, 6, &proof, &old.root, &new.root).unwrap_err();
    assert!(
        err.to_string().starts_with("root1 mismatch: computed "),
        "the old signed root is not consistent with the new one: {err}"
    );
}
