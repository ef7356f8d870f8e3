//! The human-readable index of a dossier: one self-contained HTML page, no script, no remote
//! resource, readable offline in any browser and printable.

use std::fmt::Write as _;

use ce2_model::Tlp;

use crate::dossier::{Copy, Manifest};
use crate::event::Item;

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn tlp_colour(tlp: Tlp) -> &'static str {
    match tlp {
        Tlp::Clear => "#ffffff;color:#000;border:1px solid #000",
        Tlp::Green => "#33ff00;color:#000",
        Tlp::Amber | Tlp::AmberStrict => "#ffc000;color:#000",
        Tlp::Red => "#ff2b2b;color:#000",
    }
}

/// The page.
pub(crate) fn index(manifest: &Manifest, items: &[Item], note: &str, persons: &[String]) -> String {
    let mut h = String::new();
    let strictest = items.iter().map(|i| i.tlp).max().unwrap_or(Tlp::Clear);
    let _ = write!(
        h,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Dossier {id}</title><style>\
         body{{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}}\
         table{{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}}\
         td,th{{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}}\
         th{{background:#f3f3f3;width:14rem}} code,pre{{font:13px ui-monospace,monospace;word-break:break-all}}\
         pre{{background:#f6f6f6;padding:.6rem;white-space:pre-wrap}}\
         .tlp{{display:inline-block;padding:.1rem .5rem;font-weight:bold;background:{tlpc}}}\
         </style></head><body>\
         <p><span class=\"tlp\">{tlp}</span></p>\
         <h1>Dossier {id}</h1>\
         <table><tr><th>For</th><td>{recipient}</td></tr>\
         <tr><th>Made</th><td>{created}</td></tr>\
         <tr><th>From the log</th><td><code>{origin}</code></td></tr>\
         <tr><th>Proven against</th><td>the signed checkpoint of {size} events (<code>checkpoint.txt</code>)</td></tr>\
         <tr><th>Items</th><td>{n}</td></tr></table>\
         <p>To verify this dossier without network access: <code>ce2 evidence verify-bundle {id}</code> \
         (add <code>--key</code> with the log's public key as you received it from its keeper). \
         This page is a view; the proofs are in <code>events.jsonl</code>, <code>proofs.json</code> and \
         <code>checkpoint.txt</code>.</p>",
        id = esc(&manifest.dossier),
        tlpc = tlp_colour(strictest),
        tlp = strictest.label(),
        recipient = esc(&manifest.recipient),
        created = esc(&manifest.created),
        origin = esc(&manifest.origin),
        size = manifest.checkpoint_size,
        n = items.len(),
    );
    for (entry, item) in manifest.items.iter().zip(items) {
        let _ = write!(
            h,
            "<h2 id=\"{id}\">{id} <span class=\"tlp\" style=\"background:{c}\">{tlp}</span></h2><table>",
            id = esc(&item.id),
            c = tlp_colour(item.tlp),
            tlp = item.tlp.label()
        );
        let mut row = |k: &str, v: String| {
            let _ = write!(h, "<tr><th>{k}</th><td>{v}</td></tr>");
        };
        if let Some(d) = &item.description {
            row("Description", esc(d));
        }
        row(
            "File",
            format!(
                "<a href=\"{p}\">{name}</a> ({copy}, {size} bytes)<br><code>{hash}</code>",
                p = esc(&entry.path),
                name = esc(&entry.path),
                copy = match entry.copy {
                    Copy::Evidentiary => "evidentiary copy",
                    Copy::Redacted => "redacted working copy",
                },
                size = entry.size,
                hash = esc(&entry.hash.to_string())
            ),
        );
        if entry.copy == Copy::Redacted {
            if let Some(r) = item.redactions.iter().find(|r| r.file.hash == entry.hash) {
                row(
                    "Redaction",
                    format!("{} <small>(event {})</small>", esc(&r.reason), r.seq),
                );
            }
            row(
                "Evidentiary copy",
                format!(
                    "{} ({} bytes), not included<br><code>{}</code>",
                    esc(&item.file.name),
                    item.file.size,
                    esc(&item.file.hash.to_string())
                ),
            );
        }
        let c = &item.capture;
        row("Collected by", esc(&c.collector));
        row("Collected at", esc(&c.collected_at));
        row("Origin", esc(&c.origin));
        row(
            "Method",
            format!(
                "{}{}",
                esc(&c.method),
                c.tool
                    .as_deref()
                    .map(|t| format!(" ({})", esc(t)))
                    .unwrap_or_default()
            ),
        );
        if let Some(hc) = &c.hash_at_capture {
            row(
                "Hash at capture",
                format!("<code>{}</code>", esc(&hc.to_string())),
            );
        }
        if let Some(s) = &item.source {
            row("Source", format!("{} (pseudonym)", esc(s)));
        }
        row(
            "Grade",
            item.grade
                .map(|g| esc(&g.describe()))
                .unwrap_or_else(|| "not graded".into()),
        );
        row("Held by", esc(&item.custodian));
        if !item.links.is_empty() {
            let mut list = String::from("<ul>");
            for l in &item.links {
                let _ = write!(
                    list,
                    "<li><code>{}</code>: {} <small>(event {})</small></li>",
                    esc(&l.entity),
                    esc(&l.claim),
                    l.seq
                );
            }
            list.push_str("</ul>");
            row("Claims", list);
        }
        row(
            "Events",
            item.events
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        );
        h.push_str("</table>");
    }
    if !persons.is_empty() {
        let _ = write!(
            h,
            "<h2>Protected persons</h2><p>Sources are named by pseudonym only: {}. \
             Their identities are kept sealed by the ledger's keeper; the log holds a commitment \
             that can prove them to a court.</p>",
            persons
                .iter()
                .map(|p| esc(p))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let _ = writeln!(
        h,
        "<h2>Signed checkpoint</h2><pre>{}</pre></body></html>",
        esc(note)
    );
    h
}
