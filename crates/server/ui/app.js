"use strict";
// ce2's web page: screening, entities, batch screening, decisions and list versions, over the
// same API as every other client. No framework and nothing fetched from anywhere but here.

const $ = (sel, root = document) => root.querySelector(sel);
const main = () => $("#main");
const status = (text) => { $("#status").textContent = text || ""; };
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));

function headers(extra = {}) {
  const key = $("#api-key").value.trim();
  const h = { ...extra };
  if (key) h.Authorization = "ApiKey " + key;
  return h;
}

async function api(path, options = {}) {
  const res = await fetch(path, { ...options, headers: headers(options.headers || {}) });
  const type = res.headers.get("content-type") || "";
  const body = type.includes("json") ? await res.json() : await res.text();
  if (!res.ok) {
    const e = body && body.error ? body.error : { code: String(res.status), message: String(body) };
    throw new Error(`${e.code}: ${e.message}`);
  }
  return body;
}

function screenPage() {
  main().innerHTML = `
    <h2>Screen a name</h2>
    <form class="screen" id="screen-form">
      <label>Name <input name="name" id="q-name" required autofocus></label>
      <label>Schema <select name="schema"><option>LegalEntity</option><option>Person</option><option>Organization</option><option>Company</option><option>Vessel</option></select></label>
      <label>Birth date <input name="birthDate" placeholder="1968-03-14"></label>
      <label>Country <input name="nationality" placeholder="kp"></label>
      <button type="submit">Screen</button>
    </form>
    <label>Screened party (for decisions) <input id="subject" placeholder="customer id"></label>
    <div id="results"></div>`;
  $("#screen-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    const props = { name: [f.get("name")] };
    if (f.get("birthDate")) props.birthDate = [f.get("birthDate")];
    if (f.get("nationality")) props.nationality = [f.get("nationality")];
    status("Screening…");
    try {
      const body = await api("/match/default?cutoff=0.5&limit=10", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ queries: { q: { schema: f.get("schema"), properties: props } } }),
      });
      renderResults(body.responses.q, f.get("name"));
      status("");
    } catch (e) { status(e.message); $("#results").innerHTML = `<p class="error">${esc(e.message)}</p>`; }
  });
}

function renderResults(resp, asked) {
  const rows = resp.results.map((r) => `
    <tr data-id="${esc(r.id)}">
      <td class="score">${r.score.toFixed(2)}</td>
      <td class="${r.match ? "match" : "nomatch"}">${r.match ? "MATCH" : "—"}</td>
      <td><a href="#/entity/${encodeURIComponent(r.id)}">${esc(r.caption)}</a> <span class="src">${esc(r.schema)} · ${esc(r.datasets.join(", "))}</span>
        <ul class="explain">${Object.entries(r.explanations).map(([k, v]) => `<li>${esc(k)} ${v.score >= 0 ? "+" : ""}${v.score}: ${esc(v.detail)}</li>`).join("")}</ul>
        <form class="decide" data-id="${esc(r.id)}" data-score="${r.score}">
          <input name="reason" placeholder="reason for the decision" aria-label="reason">
          <button type="submit" name="verdict" value="match" class="secondary">True match</button>
          <button type="submit" name="verdict" value="false_positive" class="secondary">False positive</button>
        </form>
      </td>
    </tr>`).join("");
  $("#results").innerHTML = resp.results.length
    ? `<table><thead><tr><th>Score</th><th></th><th>Listed party and why</th></tr></thead><tbody>${rows}</tbody></table>`
    : `<p>No listed party scores 0.50 or more for “${esc(asked)}”.</p>`;
  for (const form of document.querySelectorAll("form.decide")) {
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const verdict = ev.submitter ? ev.submitter.value : "unsure";
      const subject = $("#subject").value.trim();
      const reason = form.reason.value.trim();
      if (!subject || !reason) { status("A decision needs the screened party and a reason."); return; }
      try {
        const d = await api("/decisions", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ subject, entity_id: form.dataset.id, verdict, reason, score: Number(form.dataset.score), query: { name: asked } }),
        });
        status(`Decision #${d.id} recorded: ${d.verdict} on ${d.entity_id}.`);
      } catch (e) { status(e.message); }
    });
  }
}

async function entityPage(id) {
  main().innerHTML = `<p>Loading…</p>`;
  try {
    const e = await api(`/entities/${encodeURIComponent(id)}?nested=true&sources=true`);
    const props = Object.entries(e.properties).map(([k, vs]) => `<dt>${esc(k)}</dt><dd>${vs.map((v) => typeof v === "object"
      ? `<a href="#/entity/${encodeURIComponent(v.id)}">${esc(v.caption)}</a> <span class="src">${esc(v.schema)}</span>`
      : esc(v) + sourceOf(e, k, v)).join("<br>")}</dd>`).join("");
    main().innerHTML = `<h2>${esc(e.caption)}</h2><p class="src">${esc(e.schema)} · ${esc(e.id)} · lists: ${esc(e.datasets.join(", "))} · first seen ${esc(e.first_seen)} · last seen ${esc(e.last_seen)}</p><dl class="props">${props}</dl>`;
  } catch (err) { main().innerHTML = `<p class="error">${esc(err.message)}</p>`; }
}

function sourceOf(e, prop, value) {
  const list = (e.sources && e.sources[prop]) || [];
  const found = list.filter((s) => s.value === value).map((s) => `${s.dataset} ${s.record}${s.published ? " (" + s.published + ")" : ""}`);
  return found.length ? ` <span class="src">— ${esc(found.join("; "))}</span>` : "";
}

function batchPage() {
  main().innerHTML = `
    <h2>Screen a CSV</h2>
    <p>A CSV with a header row and a <code>name</code> column (a <code>schema</code> column is used if present).</p>
    <form id="batch-form"><input type="file" id="batch-file" accept=".csv,text/csv" required> <button type="submit">Screen the file</button></form>
    <progress id="batch-progress" value="0" max="1" hidden></progress>
    <p id="batch-result"></p>`;
  $("#batch-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const file = $("#batch-file").files[0];
    if (!file) return;
    const progress = $("#batch-progress");
    progress.hidden = false;
    const total = Math.max(1, (await file.text()).split("\n").length - 1);
    progress.max = total;
    try {
      const res = await fetch("/screen/batch?format=csv", { method: "POST", headers: headers({ "content-type": "text/csv" }), body: file });
      if (!res.ok) { const b = await res.json(); throw new Error(`${b.error.code}: ${b.error.message}`); }
      const reader = res.body.getReader();
      const chunks = [];
      let seen = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        seen += value.reduce((n, b) => n + (b === 10 ? 1 : 0), 0);
        progress.value = Math.min(total, seen);
        status(`${Math.min(total, seen)} of about ${total} rows screened…`);
      }
      const blob = new Blob(chunks, { type: "text/csv" });
      const url = URL.createObjectURL(blob);
      $("#batch-result").innerHTML = `Done. <a id="batch-download" href="${url}" download="hits.csv">Download the results</a>`;
      status("");
    } catch (e) { status(e.message); $("#batch-result").innerHTML = `<span class="error">${esc(e.message)}</span>`; }
  });
}

async function datasetsPage() {
  main().innerHTML = `<h2>Lists and their versions</h2><div id="ds"></div><div id="diff"></div>`;
  try {
    const { datasets } = await api("/datasets");
    const parts = [];
    for (const d of datasets) {
      const { versions } = await api(`/datasets/${encodeURIComponent(d.name)}/versions`);
      parts.push(`<h3>${esc(d.title)} <span class="src">${esc(d.name)}</span></h3><table><thead><tr><th>Version</th><th>Published</th><th>Loaded</th><th>Entities</th><th></th></tr></thead><tbody>${versions.map((v) => `<tr><td>${v.id}</td><td>${esc(v.published || "")}</td><td>${esc(v.ingested_at)}</td><td>${v.entity_count}</td><td>${v.parent ? `<a href="#/diff/${encodeURIComponent(d.name)}/${v.id}">what changed</a>` : ""}</td></tr>`).join("")}</tbody></table>`);
    }
    $("#ds").innerHTML = parts.join("") || "<p>No lists loaded.</p>";
  } catch (e) { $("#ds").innerHTML = `<p class="error">${esc(e.message)}</p>`; }
}

async function diffPage(name, to) {
  main().innerHTML = `<p>Loading…</p>`;
  try {
    const d = await api(`/datasets/${encodeURIComponent(name)}/diff?to=${encodeURIComponent(to)}`);
    const list = (title, xs) => `<h3>${title} (${xs.length})</h3><ul>${xs.map((x) => `<li><a href="#/entity/${encodeURIComponent(x.id)}">${esc(x.caption)}</a> <span class="src">${esc(x.schema)}</span>${x.properties ? `<ul class="explain">${x.properties.map((p) => `<li>${esc(p.property)}: ${p.added.length ? "+ " + esc(p.added.join(", ")) : ""} ${p.removed.length ? "− " + esc(p.removed.join(", ")) : ""}</li>`).join("")}</ul>` : ""}</li>`).join("")}</ul>`;
    main().innerHTML = `<h2>${esc(name)}: version ${esc(d.from)} → ${esc(d.to)}</h2>${list("Added", d.added)}${list("Removed", d.removed)}${list("Changed", d.changed)}`;
  } catch (e) { main().innerHTML = `<p class="error">${esc(e.message)}</p>`; }
}

function route() {
  const h = location.hash.replace(/^#/, "") || "/";
  const parts = h.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] === "entity" && parts[1]) return entityPage(parts[1]);
  if (parts[0] === "batch") return batchPage();
  if (parts[0] === "datasets") return datasetsPage();
  if (parts[0] === "diff" && parts[2]) return diffPage(parts[1], parts[2]);
  return screenPage();
}

window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", () => {
  const saved = sessionStorage.getItem("ce2-key");
  if (saved) $("#api-key").value = saved;
  $("#api-key").addEventListener("change", (e) => sessionStorage.setItem("ce2-key", e.target.value));
  route();
});
