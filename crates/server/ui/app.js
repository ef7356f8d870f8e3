"use strict";
// ce2's web page: screening, entities, batch screening, decisions and list versions, over the
// same API as every other client. No framework, no build step, nothing fetched from anywhere
// but this service. Every value from the service goes through esc() before it reaches the page.

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const entityHref = (id) => `#/entity/${esc(encodeURIComponent(id))}`;
const entityLink = (id, text) => `<a href="${entityHref(id)}">${esc(text ?? id)}</a>`;
const when = (t) => esc(String(t ?? "").replace("T", " ").replace(/(\.\d+)?Z$/, " UTC"));
const plural = (n, one, many = one + "s") => `${n} ${n === 1 ? one : many}`;

// What the page remembers while it is open: list titles, and the last screening so that
// coming back from an entity shows the same results without screening again.
const state = { titles: new Map(), screen: null, route: 0, download: null };
// Whether the page that asked is still the one shown: an answer that arrives after the analyst
// moved on is dropped, not drawn over the new page.
const stillOn = () => { const at = state.route; return () => at === state.route; };

class ApiError extends Error {
  constructor(status, code, message, retryAfter) {
    super(`${code}: ${message}`);
    Object.assign(this, { status, code, detail: message, retryAfter });
  }
}

function say(text) { $("#status").textContent = text || ""; }

function authHeaders(extra = {}) {
  const key = $("#api-key").value.trim();
  return key ? { ...extra, Authorization: "ApiKey " + key } : { ...extra };
}

async function api(path, options = {}) {
  let res;
  try {
    res = await fetch(path, { ...options, headers: authHeaders(options.headers) });
  } catch (e) {
    if (e.name === "AbortError") throw e;
    throw new ApiError(0, "unreachable", "the service did not answer; is ce2 serve still running?");
  }
  if (res.ok) return (res.headers.get("content-type") || "").includes("json") ? res.json() : res.text();
  throw await errorOf(res);
}

async function errorOf(res) {
  const text = await res.text();
  let e = null;
  try { e = JSON.parse(text).error; } catch { /* not JSON */ }
  return new ApiError(res.status, e?.code || String(res.status), e?.message || text || res.statusText, res.headers.get("retry-after"));
}

// An error as a sentence for the analyst; a missing or refused key sends them to the key box.
function explain(err) {
  if (err.status === 401) return `The service needs a valid API key (${err.detail}). Paste your key in the API key box at the top and press Enter.`;
  if (err.status === 403) return `Your key may not do this (${err.detail}).`;
  if (err.status === 429) return `Too many requests: try again in ${err.retryAfter || "a few"} seconds.`;
  return err.message || String(err);
}

function showError(where, err) {
  const text = explain(err);
  where.innerHTML = `<p class="error" role="alert">${esc(text)}</p>`;
  say(text);
  if (err.status === 401) {
    $("#key-state").textContent = $("#api-key").value.trim() ? "key refused" : "key needed";
    $("#key-state").className = "key-state bad";
    $("#api-key").focus();
  }
}

// Every page starts with its title, which takes the focus so that keyboard and screen reader
// users start reading from the new content.
function page(title, body, { focus = true, skip = "Skip to content" } = {}) {
  document.title = `${title} · ce2`;
  $("#main").innerHTML = `<h2 id="page-title" tabindex="-1">${esc(title)}</h2>${body}`;
  $("#skip").textContent = skip;
  if (focus) $("#page-title").focus();
}

// ---------------------------------------------------------------------------------------------
// Property names, grouped as the entity page shows them.

const NAME_PROPS = ["name", "alias", "weakAlias", "previousName", "abbreviation", "title", "firstName", "secondName", "middleName", "lastName", "fatherName", "motherName", "nameSuffix"];
const ID_PROPS = ["passportNumber", "idNumber", "personalNumber", "socialSecurityNumber", "taxNumber", "registrationNumber", "imoNumber", "mmsi", "callSign", "publicKey", "innCode", "ogrnCode", "okpoCode", "kppCode", "leiCode", "swiftBic", "vatCode", "dunsCode", "bikCode", "cageCode", "npiCode", "uniqueEntityId", "permId", "icaoCode", "serialNumber", "number", "wikidataId", "unscId", "authorityId", "programId"];
// Entity-valued properties: their values are ids of other entities.
const REF_PROPS = new Set(["addressEntity", "agent", "asset", "associate", "client", "director", "employee", "employer", "entity", "holder", "member", "object", "operator", "organization", "owner", "parent", "person", "relative", "subject"]);
// Schemata that link two parties (and say how); the entity page names the party at the other end.
const EDGES = new Set(["Ownership", "Directorship", "Membership", "Employment", "Representation", "Family", "Associate", "UnknownLink"]);
// Nested entities shown in their own sections rather than as relations.
const ID_NESTED = ["identification", "cryptoWallets"];
const LABELS = {
  alias: "Other name", weakAlias: "Weak alias", unscId: "UN reference", imoNumber: "IMO number", mmsi: "MMSI",
  idNumber: "ID number", swiftBic: "SWIFT/BIC", leiCode: "LEI", innCode: "INN", ogrnCode: "OGRN", publicKey: "Wallet address",
  authorityId: "Authority's reference", addressEntity: "Address", unknownLinkTo: "Linked to", unknownLinkFrom: "Linked from",
  identification: "Identity document", cryptoWallets: "Crypto wallet", ownershipOwner: "Owns", ownershipAsset: "Owned by",
  directorshipDirector: "Director of", directorshipOrganization: "Directors", membershipMember: "Member of",
  membershipOrganization: "Members", familyPerson: "Relative", familyRelative: "Relative of", associates: "Associate",
  associations: "Associate of", agencyClient: "Agent of", agentRepresentation: "Represented by", subsidiaries: "Subsidiary",
  things: "At this address", ownedVehicles: "Owns", operatedVehicles: "Operates", employers: "Works for", employees: "Employees",
};
const label = (prop) => LABELS[prop] || (prop.charAt(0).toUpperCase() + prop.slice(1).replace(/([A-Z])/g, " $1").toLowerCase());

function sourcesOf(e, prop, value) {
  const list = (e.sources && e.sources[prop]) || [];
  return list.filter((s) => s.value === value);
}
const sourceText = (s) => `${s.dataset} · record ${s.record}${s.published ? " · published " + s.published : ""}`;
const sourceCell = (list) => `<td class="src">${list.length ? list.map((s) => esc(sourceText(s))).join("<br>") : "—"}</td>`;
// Every source behind any value of a (nested) entity, once each.
function allSources(e) {
  const seen = new Map();
  for (const list of Object.values(e.sources || {})) for (const s of list) seen.set(sourceText(s), s);
  return [...seen.values()];
}

// ---------------------------------------------------------------------------------------------
// The API key.

async function checkKey() {
  const st = $("#key-state");
  try {
    const cat = await api("/catalog");
    state.titles = new Map(cat.datasets.map((d) => [d.name, d.title]));
    const keyed = $("#api-key").value.trim() !== "";
    st.textContent = keyed ? "key accepted" : "no key needed";
    st.className = "key-state ok";
    return true;
  } catch (e) {
    st.textContent = e.status !== 401 ? "service unavailable" : $("#api-key").value.trim() ? "key refused" : "key needed";
    st.className = "key-state bad";
    say(explain(e));
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Screening.

const SCHEMATA = [["Thing", "Anything"], ["Person", "Person"], ["Organization", "Organization"], ["Company", "Company"], ["LegalEntity", "Person or body"], ["Vessel", "Vessel"], ["CryptoWallet", "Crypto wallet"]];
const ID_PROP_OF = { Vessel: "imoNumber", CryptoWallet: "publicKey", Thing: null };

function screenPage() {
  const f = state.screen?.form || {};
  page("Screen a name", `
    <form id="screen-form" class="screen" autocomplete="off">
      <label>Name <input name="name" id="q-name" value="${esc(f.name)}"></label>
      <label>Kind <select name="schema">${SCHEMATA.map(([v, t]) => `<option value="${v}"${f.schema === v ? " selected" : ""}>${t}</option>`).join("")}</select></label>
      <label>Birth date <input name="birthDate" value="${esc(f.birthDate)}" placeholder="1968-03-14"></label>
      <label>Country <input name="country" value="${esc(f.country)}" placeholder="kp"></label>
      <label>Identifier <input name="identifier" value="${esc(f.identifier)}" placeholder="IMO, wallet"></label>
      <label>Screened party <input name="subject" id="q-subject" value="${esc(f.subject)}" placeholder="customer id"></label>
      <button type="submit">Screen</button>
    </form>
    <p class="hint">Enter screens; <kbd>/</kbd> brings you back to the name. Results from a score of 0.50 are shown; MATCH marks those at or above the threshold. Give the screened party's id to see and record decisions.</p>
    <section id="results" tabindex="-1" aria-label="Results"></section>`, { focus: false, skip: "Skip to results" });
  $("#q-name").focus();
  $("#screen-form").addEventListener("submit", (ev) => { ev.preventDefault(); screen(new FormData(ev.target)); });
  if (state.screen?.resp) renderResults(state.screen, false);
}

async function screen(fd) {
  const form = Object.fromEntries([...fd.entries()].map(([k, v]) => [k, String(v).trim()]));
  const out = $("#results");
  const props = {};
  if (form.name) props.name = [form.name];
  if (form.country) props.country = [form.country];
  if (form.birthDate) {
    if (form.schema !== "Person") return showError(out, new Error("A birth date is only screened for a person: pick Person as the kind."));
    props.birthDate = [form.birthDate];
  }
  if (form.identifier) {
    const prop = form.schema in ID_PROP_OF ? ID_PROP_OF[form.schema] : "idNumber";
    if (!prop) return showError(out, new Error("To screen an identifier, pick its kind: Vessel for an IMO number, Crypto wallet for an address."));
    props[prop] = [form.identifier];
  }
  if (!form.name && !form.identifier) return showError(out, new Error("Type a name (or an identifier) to screen."));
  say("Screening…");
  out.setAttribute("aria-busy", "true");
  const live = stillOn();
  try {
    const body = await api("/match/default?cutoff=0.5&limit=10", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ queries: { q: { schema: form.schema, properties: props } } }),
    });
    state.screen = { form, resp: body.responses.q, history: new Map() };
    if (form.subject) state.screen.history = await historyBySubject(form.subject);
    if (live()) renderResults(state.screen, true);
  } catch (e) {
    if (live()) showError(out, e);
  } finally {
    out.removeAttribute("aria-busy");
  }
}

async function historyBySubject(subject) {
  const { decisions } = await api(`/decisions?subject=${encodeURIComponent(subject)}`);
  const by = new Map();
  for (const d of decisions) by.set(d.entity_id, [...(by.get(d.entity_id) || []), d]);
  return by;
}

function renderResults({ form, resp, history }, focus) {
  const out = $("#results");
  const asked = form.name || form.identifier;
  const matches = resp.results.filter((r) => r.match).length;
  const others = resp.results.length - matches;
  const head = resp.results.length
    ? `${matches ? plural(matches, "match", "matches") : "No match"}${others ? `, ${plural(others, "near result")} under the threshold,` : ""} for “${esc(asked)}”`
    : `No listed party scores 0.50 or more for “${esc(asked)}”`;
  out.innerHTML = `<h3 id="results-title" tabindex="-1">${head}</h3>
    <ol class="hits">${resp.results.map((r) => hitHtml(r, form, history.get(r.id) || [])).join("")}</ol>`;
  for (const f of $$("form.decide-form", out)) f.addEventListener("submit", decide);
  say("");
  if (focus) $("#results-title").focus();
}

function hitHtml(r, form, history) {
  const p = r.properties || {};
  const facts = [
    p.birthDate && "born " + p.birthDate.join(", "),
    (p.nationality || p.country) && (p.nationality || p.country).join(", ").toUpperCase(),
    ...["passportNumber", "idNumber", "imoNumber", "publicKey"].filter((k) => p[k]).map((k) => `${label(k)} ${p[k].join(", ")}`),
  ].filter(Boolean);
  const explain = Object.entries(r.explanations || {}).map(([k, v]) =>
    `<li><span class="feature">${esc(k.replace(/_/g, " "))}</span> <span class="num">${v.score >= 0 ? "+" : ""}${esc(v.score.toFixed(2))}</span> ${esc(v.detail)}</li>`).join("");
  return `<li class="hit" data-id="${esc(r.id)}">
    <div class="hit-head">
      <span class="num score">${esc(r.score.toFixed(2))}</span>
      <span class="badge ${r.match ? "match" : "near"}">${r.match ? "MATCH" : "near"}</span>
      ${entityLink(r.id, r.caption)}
      <span class="src">${esc(r.schema)} · ${esc(r.datasets.join(", "))}</span>
      <span class="latest">${latestBadge(history)}</span>
    </div>
    ${facts.length ? `<p class="facts">${esc(facts.join(" · "))}</p>` : ""}
    <ul class="explain" aria-label="Why">${explain}</ul>
    <details class="decide"><summary>Decide on this hit${history.length ? ` (${plural(history.length, "earlier decision")})` : ""}</summary>
      ${decisionForm(r.id, form.subject, { score: r.score, query: { name: form.name, schema: form.schema } })}
      <div class="history">${historyHtml(history)}</div>
    </details>
  </li>`;
}

// ---------------------------------------------------------------------------------------------
// Decisions.

const VERDICTS = { match: "True match", false_positive: "False positive", unsure: "Unsure" };

function decisionForm(entityId, subject, extra = {}) {
  return `<form class="decide-form" data-id="${esc(entityId)}" data-extra="${esc(JSON.stringify(extra))}">
    <label>Screened party <input name="subject" required value="${esc(subject)}" placeholder="customer id"></label>
    <fieldset><legend>Verdict</legend>${Object.entries(VERDICTS).map(([v, t]) =>
      `<label class="radio"><input type="radio" name="verdict" value="${v}" required> ${t}</label>`).join("")}</fieldset>
    <label class="grow">Reason <input name="reason" required placeholder="why, in a sentence"></label>
    <button type="submit">Record decision</button>
    <p class="confirm" role="status"></p>
  </form>`;
}

async function decide(ev) {
  ev.preventDefault();
  const form = ev.target;
  const fd = new FormData(form);
  const confirm = $(".confirm", form);
  const extra = JSON.parse(form.dataset.extra || "{}");
  const body = { subject: String(fd.get("subject")).trim(), entity_id: form.dataset.id, verdict: fd.get("verdict"), reason: String(fd.get("reason")).trim(), ...extra };
  if (!body.subject || !body.reason || !body.verdict) { confirm.textContent = "A decision needs the screened party, a verdict and a reason."; return; }
  try {
    const d = await api("/decisions", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    confirm.className = "confirm ok";
    confirm.textContent = `Decision #${d.id} recorded: ${VERDICTS[d.verdict] || d.verdict} for ${d.subject}, against ${d.dataset} version ${d.version}.`;
    form.reason.value = "";
    // The pair's history as the service now has it, with the new decision in force.
    const { decisions } = await api(`/decisions?subject=${encodeURIComponent(d.subject)}&entity_id=${encodeURIComponent(d.entity_id)}`);
    const box = form.parentElement.querySelector(".history");
    if (box) box.innerHTML = historyHtml(decisions);
    const hit = form.closest(".hit");
    if (hit && state.screen?.form.subject === d.subject) {
      state.screen.history.set(d.entity_id, decisions);
      $(".latest", hit).innerHTML = latestBadge(decisions);
    }
  } catch (e) {
    confirm.className = "confirm error";
    confirm.textContent = explain(e);
    if (e.status === 401) $("#api-key").focus();
  }
}

// Decisions, oldest first, with where each stands: on each pair (screened party, listed entity)
// only the last can be in force, and only while the listing is unchanged since.
function standings(decisions) {
  const last = new Map();
  for (const d of decisions) last.set(d.subject + "\u0000" + d.entity_id, d.id);
  return decisions.map((d) => [d, last.get(d.subject + "\u0000" + d.entity_id) !== d.id
    ? ["superseded", "superseded by a later decision"]
    : d.in_force ? ["in-force", "in force"] : ["lapsed", "no longer in force: the listing changed"]]);
}

function latestBadge(history) {
  if (!history.length) return "";
  const [d, [cls, text]] = standings(history).at(-1);
  return `<span class="badge ${cls}">${esc(VERDICTS[d.verdict] || d.verdict)}, ${esc(text)}</span>`;
}

// A table of decisions, newest first; with showPair, for more than one pair.
function historyHtml(list, { showPair = false, caption = "Decisions on this pair, newest first" } = {}) {
  if (!list.length) return `<p class="muted">No earlier decisions on this pair.</p>`;
  const rows = standings(list).sort((a, b) => b[0].id - a[0].id);
  return `<table class="decisions"><caption>${esc(caption)}</caption>
    <thead><tr><th>#</th><th>When</th>${showPair ? "<th>Screened party</th><th>Listed entity</th>" : ""}<th>Verdict</th><th>Reason</th><th>By</th><th>List version</th><th>Status</th></tr></thead>
    <tbody>${rows.map(([d, [cls, text]]) => `<tr><td class="num">${esc(d.id)}</td><td>${when(d.decided_at)}</td>
      ${showPair ? `<td>${esc(d.subject)}</td><td>${entityLink(d.entity_id)}</td>` : ""}
      <td>${esc(VERDICTS[d.verdict] || d.verdict)}</td><td class="reason">${esc(d.reason)}</td><td>${esc(d.actor)}</td>
      <td>${esc(d.dataset)} v${esc(d.version)}</td><td><span class="badge ${cls}">${esc(text)}</span></td></tr>`).join("")}</tbody></table>`;
}

function decisionsPage(params) {
  page("Decisions", `
    <form id="dec-form" class="filters">
      <label>Screened party <input name="subject" value="${esc(params.get("subject"))}"></label>
      <label>Listed entity id <input name="entity_id" value="${esc(params.get("entity_id"))}"></label>
      <button type="submit">Show</button>
    </form>
    <div id="dec-list"><p class="muted">Loading…</p></div>`);
  $("#dec-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams([...new FormData(ev.target).entries()].filter(([, v]) => String(v).trim()));
    location.hash = "#/decisions" + (q.toString() ? "?" + q : "");
  });
  loadDecisions(params);
}

async function loadDecisions(params) {
  const q = new URLSearchParams([...params.entries()].filter(([k, v]) => ["subject", "entity_id"].includes(k) && v));
  const out = $("#dec-list");
  const live = stillOn();
  try {
    const { decisions } = await api("/decisions" + (q.toString() ? "?" + q : ""));
    if (!live()) return;
    const pairs = new Set(decisions.map((d) => d.subject + "\u0000" + d.entity_id)).size;
    out.innerHTML = decisions.length
      ? historyHtml(decisions, { showPair: true, caption: `${plural(decisions.length, "decision")} on ${plural(pairs, "pair")}, newest first` })
      : `<p>No decisions recorded${q.toString() ? " for this filter" : ""}.</p>`;
  } catch (e) { if (live()) showError(out, e); }
}

// ---------------------------------------------------------------------------------------------
// One entity: every list, name, identifier, sanction and relation, each value with its source.

async function entityPage(id) {
  page("Entity", `<div id="entity-body"><p class="muted">Loading ${esc(id)}…</p></div>`);
  const live = stillOn();
  let e;
  try {
    e = await api(`/entities/${encodeURIComponent(id)}?nested=true&sources=true`);
  } catch (err) { return live() && showError($("#entity-body"), err); }
  if (!live()) return;
  const props = e.properties || {};
  const plain = Object.entries(props).filter(([, vs]) => vs.some((v) => typeof v !== "object"));
  const nested = Object.entries(props).filter(([, vs]) => vs.some((v) => typeof v === "object"));
  const rowsOf = (entries) => entries.flatMap(([k, vs]) => vs.filter((v) => typeof v !== "object")
    .map((v) => `<tr><th scope="row">${esc(label(k))}</th><td>${esc(v)}</td>${sourceCell(sourcesOf(e, k, v))}</tr>`)).join("");
  const table = (rows, empty) => rows ? `<table class="props"><thead><tr><th>Property</th><th>Value</th><th>Source</th></tr></thead><tbody>${rows}</tbody></table>` : `<p class="muted">${empty}</p>`;

  const names = rowsOf(plain.filter(([k]) => NAME_PROPS.includes(k)).sort(([a], [b]) => NAME_PROPS.indexOf(a) - NAME_PROPS.indexOf(b)));
  const idRows = rowsOf(plain.filter(([k]) => ID_PROPS.includes(k))) + nested.filter(([k]) => ID_NESTED.includes(k))
    .flatMap(([k, vs]) => vs.filter((v) => typeof v === "object").map((d) => {
      const dp = d.properties || {};
      const value = (dp.number || dp.publicKey || [d.caption]).join(", ");
      const about = [dp.type, dp.country && dp.country.join(", ").toUpperCase(), dp.currency, dp.startDate && "from " + dp.startDate, dp.endDate && "until " + dp.endDate].flat().filter(Boolean);
      return `<tr><th scope="row">${esc(label(k))}</th><td>${esc(value)}${about.length ? ` <span class="muted">(${esc(about.join(", "))})</span>` : ""}</td>${sourceCell(allSources(d))}</tr>`;
    })).join("");
  const sanctions = (props.sanctions || []).filter((s) => typeof s === "object");
  const relations = nested.filter(([k]) => k !== "sanctions" && !ID_NESTED.includes(k));
  const other = rowsOf(plain.filter(([k]) => !NAME_PROPS.includes(k) && !ID_PROPS.includes(k)));

  page(e.caption, `
    <p class="meta">${esc(e.schema)} · <code>${esc(e.id)}</code> · first seen ${when(e.first_seen)} · last seen ${when(e.last_seen)}</p>
    <section aria-labelledby="h-lists"><h3 id="h-lists">Lists (${e.datasets.length})</h3>
      <ul class="lists">${e.datasets.map((d) => `<li><a href="#/datasets">${esc(state.titles.get(d) || d)}</a> <span class="src">${esc(d)}</span></li>`).join("")}</ul></section>
    <section aria-labelledby="h-names"><h3 id="h-names">Names</h3>${table(names, "No names.")}</section>
    <section aria-labelledby="h-ids"><h3 id="h-ids">Identifiers</h3>${table(idRows, "No identifiers.")}</section>
    <section aria-labelledby="h-sanctions"><h3 id="h-sanctions">Sanctions (${sanctions.length})</h3>
      ${sanctions.length ? sanctions.map((s) => sanctionHtml(s, e.id)).join("") : `<p class="muted">No sanction entries point at this entity.</p>`}</section>
    <section aria-labelledby="h-rel"><h3 id="h-rel">Relations</h3>${relationsHtml(e, relations)}</section>
    <section aria-labelledby="h-other"><h3 id="h-other">Other details</h3>${table(other, "Nothing else.")}</section>
    <section aria-labelledby="h-dec"><h3 id="h-dec">Decisions on this entity</h3><div id="entity-decisions"><p class="muted">Loading…</p></div>
      <details class="decide"><summary>Record a decision</summary>${decisionForm(e.id, state.screen?.form?.subject || "")}<div class="history"></div></details></section>`);
  $(".decide-form").addEventListener("submit", async (ev) => { await decide(ev); loadEntityDecisions(e.id); });
  loadEntityDecisions(e.id);
  resolveCaptions();
}

function sanctionHtml(s, selfId) {
  const p = s.properties || {};
  const title = [p.authority?.join(", "), p.program?.join(", ")].filter(Boolean).join(": ") || s.caption;
  const rows = Object.entries(p).filter(([k]) => k !== "entity").flatMap(([k, vs]) => vs.map((v) =>
    `<tr><th scope="row">${esc(label(k))}</th><td>${valueHtml(k, v, selfId)}</td>${sourceCell(sourcesOf(s, k, v))}</tr>`)).join("");
  return `<article class="sanction"><h4>${esc(title)}</h4><table class="props"><thead><tr><th>Property</th><th>Value</th><th>Source</th></tr></thead><tbody>${rows}</tbody></table></article>`;
}

// A value of a nested entity: ids of other entities become links, URLs links out.
function valueHtml(prop, v, selfId) {
  if (REF_PROPS.has(prop)) return v === selfId ? "this entity" : `<a href="${entityHref(v)}" data-resolve="${esc(v)}">${esc(v)}</a>`;
  if (/^https?:\/\//i.test(v) && /url$/i.test(prop)) return `<a href="${esc(v)}" rel="noopener noreferrer" target="_blank">${esc(v)}</a>`;
  return esc(v);
}

function relationsHtml(e, relations) {
  const rows = relations.flatMap(([k, vs]) => vs.filter((v) => typeof v === "object").map((r) => {
    const rp = r.properties || {};
    // An edge (ownership, family, a link) names the party at its other end and says how they
    // are linked; anything else (an address, a parent company) is the party itself.
    const edge = EDGES.has(r.schema);
    const others = edge ? Object.entries(rp).filter(([p]) => REF_PROPS.has(p)).flatMap(([, ids]) => ids).filter((x) => x !== e.id) : [];
    const withHtml = others.length ? others.map((o) => valueHtml("entity", o, e.id)).join("<br>") : entityLink(r.id, r.caption);
    const details = edge ? Object.entries(rp).filter(([p]) => !REF_PROPS.has(p)).map(([p, vs2]) => `${label(p)}: ${vs2.join(", ")}`)
      : (rp.country || []).length ? [`Country: ${rp.country.join(", ")}`] : [];
    const src = r.sources ? allSources(r) : sourcesOf(e, k, r.id);
    return `<tr><th scope="row">${esc(label(k))}</th><td>${withHtml} <span class="src">${esc(r.schema)}</span></td><td>${esc(details.join("; "))}</td>${sourceCell(src)}</tr>`;
  })).join("");
  return rows ? `<table class="props"><thead><tr><th>Relation</th><th>With</th><th>Details</th><th>Source</th></tr></thead><tbody>${rows}</tbody></table>` : `<p class="muted">No relations.</p>`;
}

// Links to other entities show their names once known (a few at most, fetched on the side).
async function resolveCaptions() {
  const live = stillOn();
  const ids = [...new Set($$("a[data-resolve]").map((a) => a.dataset.resolve))].slice(0, 20);
  await Promise.all(ids.map(async (id) => {
    try {
      const o = await api(`/entities/${encodeURIComponent(id)}?nested=false`);
      if (!live()) return;
      for (const a of $$("a[data-resolve]")) if (a.dataset.resolve === id) a.textContent = `${o.caption} (${o.schema})`;
    } catch { /* left as the id: not in the current lists */ }
  }));
}

async function loadEntityDecisions(id) {
  const out = $("#entity-decisions");
  if (!out) return;
  const live = stillOn();
  try {
    const { decisions } = await api(`/decisions?entity_id=${encodeURIComponent(id)}`);
    if (!live()) return;
    out.innerHTML = decisions.length ? historyHtml(decisions, { showPair: true, caption: "Every decision on this entity, newest first" }) : `<p class="muted">No decisions on this entity yet.</p>`;
  } catch (err) { if (live()) showError(out, err); }
}

// ---------------------------------------------------------------------------------------------
// Batch screening of a CSV: streamed back, with progress, and offered for download.

// A CSV reader fed in pieces: calls onRecord with each record's fields as it completes.
function csvReader(onRecord) {
  let field = "", rec = [], quoted = false, quoteSeen = false, any = false;
  const endRecord = () => { rec.push(field); if (any || rec.length > 1 || field) onRecord(rec); field = ""; rec = []; any = false; };
  return {
    feed(text) {
      for (const ch of text) {
        if (quoted) {
          if (quoteSeen) { quoteSeen = false; if (ch === '"') { field += '"'; continue; } quoted = false; } else if (ch === '"') { quoteSeen = true; continue; } else { field += ch; continue; }
        }
        if (ch === '"' && field === "") { quoted = true; any = true; } else if (ch === ",") { rec.push(field); field = ""; } else if (ch === "\n") endRecord(); else if (ch !== "\r") field += ch;
      }
    },
    end() { if (quoteSeen) quoted = false; if (field || rec.length) endRecord(); },
  };
}

function batchPage() {
  page("Screen a CSV", `
    <p>A CSV file with a header row and a <code>name</code> column; a <code>schema</code> column is used when there is one. Every row comes back with its hits, explained.</p>
    <form id="batch-form" class="batch">
      <label>CSV file <input type="file" id="batch-file" name="file" accept=".csv,text/csv" required></label>
      <label>Kind <select name="schema">${SCHEMATA.filter(([v]) => v !== "CryptoWallet").map(([v, t]) => `<option value="${v}">${t}</option>`).join("")}</select></label>
      <label>Name column <input name="name_column" value="name"></label>
      <button type="submit" id="batch-go">Screen the file</button>
      <button type="button" id="batch-stop" class="secondary" hidden>Stop</button>
    </form>
    <div id="batch-progress" hidden>
      <label for="batch-bar">Progress</label> <progress id="batch-bar" value="0" max="1"></progress>
      <p id="batch-count" aria-live="polite"></p>
    </div>
    <div id="batch-result"></div>`);
  $("#batch-form").addEventListener("submit", (ev) => { ev.preventDefault(); runBatch(new FormData(ev.target)); });
}

async function runBatch(fd) {
  const file = $("#batch-file").files[0];
  const out = $("#batch-result");
  if (!file) return showError(out, new Error("Choose a CSV file first."));
  const text = await file.text();
  let total = -1;
  const counter = csvReader(() => { total += 1; });
  counter.feed(text); counter.end();
  total = Math.max(total, 0);
  const bar = $("#batch-bar"), count = $("#batch-count"), stop = $("#batch-stop"), go = $("#batch-go");
  $("#batch-progress").hidden = false;
  bar.max = Math.max(total, 1); bar.value = 0;
  out.innerHTML = "";
  const abort = new AbortController();
  stop.hidden = false; go.disabled = true;
  stop.onclick = () => abort.abort();
  const q = new URLSearchParams({ format: "csv", schema: fd.get("schema"), name_column: String(fd.get("name_column") || "name").trim() || "name" });
  let header = null, lineAt = -1, matchAt = -1, errorAt = -1, lastLine = null, rows = 0, hits = 0, errors = 0;
  const matched = new Set();
  const hitRows = [];
  const reader = csvReader((rec) => {
    if (!header) { header = rec; lineAt = rec.lastIndexOf("line"); matchAt = rec.lastIndexOf("match"); errorAt = rec.lastIndexOf("error"); return; }
    if (rec[lineAt] !== lastLine) { lastLine = rec[lineAt]; rows += 1; }
    if (rec[matchAt] === "true") { hits += 1; matched.add(rec[lineAt]); if (hitRows.length < 50) hitRows.push(rec); }
    if (rec[errorAt]) errors += 1;
  });
  say(`Screening ${file.name}…`);
  const live = stillOn();
  try {
    const res = await fetch("/screen/batch?" + q, { method: "POST", headers: authHeaders({ "content-type": "text/csv" }), body: file, signal: abort.signal });
    if (!res.ok) throw await errorOf(res);
    const chunks = [];
    const decoder = new TextDecoder();
    const stream = res.body.getReader();
    for (;;) {
      const { done, value } = await stream.read();
      if (done) break;
      chunks.push(value);
      reader.feed(decoder.decode(value, { stream: true }));
      bar.value = Math.min(rows, bar.max);
      count.textContent = `${rows} of ${total} rows screened, ${plural(matched.size, "row")} with a match so far…`;
    }
    reader.feed(decoder.decode()); reader.end();
    bar.value = bar.max;
    count.textContent = `${rows} of ${total} rows screened: ${plural(matched.size, "row")} with a match (${plural(hits, "hit")}), ${plural(errors, "row")} with errors.`;
    if (state.download) URL.revokeObjectURL(state.download);
    const url = state.download = URL.createObjectURL(new Blob(chunks, { type: "text/csv" }));
    const name = file.name.replace(/\.csv$/i, "") + "-screened.csv";
    // The row's first column (its id, usually) and name, then the hit.
    const shown = ["line", "score", "listed_name", "listed_schema", "datasets", "explanation"];
    const cols = header ? header.map((h, i) => [h, i]).filter(([h, i]) => i === 0 || shown.includes(h) || h === q.get("name_column")) : [];
    out.innerHTML = `<p><a id="batch-download" class="button" href="${esc(url)}" download="${esc(name)}">Download the results (${esc(name)})</a></p>
      ${hitRows.length ? `<table class="batch-hits"><caption>Matches${hits > hitRows.length ? `, the first ${hitRows.length}` : ""}</caption><thead><tr>${cols.map(([h]) => `<th>${esc(h.replace(/_/g, " "))}</th>`).join("")}</tr></thead>
        <tbody>${hitRows.map((r) => `<tr>${cols.map(([h, i]) => `<td>${h === "listed_name" ? entityLink(r[header.lastIndexOf("listed_id")], r[i]) : esc(r[i])}</td>`).join("")}</tr>`).join("")}</tbody></table>` : "<p>No row matched a listed party.</p>"}`;
    if (live()) { say(count.textContent); $("#batch-download").focus(); }
  } catch (e) {
    if (e.name === "AbortError") { say("Stopped."); count.textContent = `Stopped after ${rows} of ${total} rows.`; return; }
    // A stream cut short (the service stopped, or could not log the batch) is not a result.
    showError(out, e instanceof ApiError ? e : new Error(`The answer stopped after ${rows} of ${total} rows (${e.message}); nothing to download.`));
  } finally {
    stop.hidden = true; go.disabled = false;
  }
}

// ---------------------------------------------------------------------------------------------
// The lists, their versions, and what each version changed.

async function datasetsPage() {
  page("Lists and their versions", `<div id="ds"><p class="muted">Loading…</p></div>`);
  const out = $("#ds");
  const live = stillOn();
  try {
    const { datasets } = await api("/datasets");
    const all = await Promise.all(datasets.map((d) => api(`/datasets/${encodeURIComponent(d.name)}/versions`)));
    if (!live()) return;
    out.innerHTML = datasets.length ? datasets.map((d, i) => {
      state.titles.set(d.name, d.title);
      return `<section class="dataset" aria-labelledby="ds-${esc(d.name)}"><h3 id="ds-${esc(d.name)}">${esc(d.title)} <span class="src">${esc(d.name)} · ${esc(d.publisher)}</span></h3>
        <table><thead><tr><th>Version</th><th>Published</th><th>Loaded</th><th class="num">Entities</th><th class="num">Problems</th><th>SHA-256</th><th>Changes</th></tr></thead>
        <tbody>${all[i].versions.map((v) => `<tr${d.current && d.current.id === v.id ? ' class="current"' : ""}><td class="num">${esc(v.id)}${d.current && d.current.id === v.id ? " (current)" : ""}</td>
          <td>${esc(v.published || "—")}</td><td>${when(v.ingested_at)}</td><td class="num">${esc(v.entity_count)}</td><td class="num">${esc(v.problem_count)}</td>
          <td><code title="${esc(v.sha256)}">${esc(String(v.sha256).slice(0, 12))}</code></td>
          <td>${v.parent ? `<a href="#/diff/${esc(encodeURIComponent(d.name))}/${esc(v.id)}">changes since version ${esc(v.parent)}</a>` : "first version"}</td></tr>`).join("")}</tbody></table></section>`;
    }).join("") : "<p>No lists loaded.</p>";
  } catch (e) { if (live()) showError(out, e); }
}

async function diffPage(name, to) {
  page(`${name}: what changed`, `<div id="diff"><p class="muted">Loading…</p></div>`);
  const out = $("#diff");
  const live = stillOn();
  try {
    const [d, { versions }] = await Promise.all([
      api(`/datasets/${encodeURIComponent(name)}/diff?to=${encodeURIComponent(to)}`),
      api(`/datasets/${encodeURIComponent(name)}/versions`),
    ]);
    if (!live()) return;
    const pub = (id) => { const v = versions.find((x) => x.id === id); return v && v.published ? ` (published ${esc(v.published)})` : ""; };
    const refs = (xs, live) => xs.length ? `<ul class="changes">${xs.map((x) => `<li>${live ? entityLink(x.id, x.caption) : esc(x.caption)} <span class="src">${esc(x.schema)} · ${esc(x.id)}</span></li>`).join("")}</ul>` : `<p class="muted">None.</p>`;
    const changed = d.changed.length ? `<ul class="changes">${d.changed.map((x) => `<li>${entityLink(x.id, x.caption)} <span class="src">${esc(x.schema)} · ${esc(x.id)}</span>
      <table class="props diff"><thead><tr><th>Property</th><th>Added</th><th>Removed</th></tr></thead><tbody>${x.properties.map((p) => `<tr><th scope="row">${esc(label(p.property))}</th>
        <td class="added">${p.added.map(esc).join("<br>")}</td><td class="removed">${p.removed.map(esc).join("<br>")}</td></tr>`).join("")}</tbody></table></li>`).join("")}</ul>` : `<p class="muted">None.</p>`;
    out.innerHTML = d.from == null ? `<p>${esc(d.note || "The first version: nothing to compare with.")}</p>` : `
      <p>Version ${esc(d.from)}${pub(d.from)} → version ${esc(d.to)}${pub(d.to)}: ${plural(d.added.length, "entity", "entities")} added, ${d.removed.length} removed, ${d.changed.length} changed. <a href="#/datasets">All versions</a></p>
      <section aria-labelledby="h-added"><h3 id="h-added">Added (${d.added.length})</h3>${refs(d.added, true)}</section>
      <section aria-labelledby="h-removed"><h3 id="h-removed">Removed (${d.removed.length})</h3>${refs(d.removed, false)}</section>
      <section aria-labelledby="h-changed"><h3 id="h-changed">Changed (${d.changed.length})</h3>${changed}</section>`;
  } catch (e) { if (live()) showError(out, e); }
}

// ---------------------------------------------------------------------------------------------
// Routing: #/, #/entity/ID, #/batch, #/decisions?subject=…, #/datasets, #/diff/NAME/VERSION.

function route() {
  state.route += 1;
  const h = location.hash.replace(/^#/, "") || "/";
  const [path, query] = h.split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  const current = { entity: "screen", diff: "datasets" }[parts[0]] || parts[0] || "screen";
  for (const a of $$("nav a")) if (a.dataset.page === current) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  say("");
  if (parts[0] === "entity" && parts[1]) return entityPage(parts.slice(1).join("/"));
  if (parts[0] === "batch") return batchPage();
  if (parts[0] === "decisions") return decisionsPage(new URLSearchParams(query || ""));
  if (parts[0] === "datasets") return datasetsPage();
  if (parts[0] === "diff" && parts[2]) return diffPage(parts[1], parts[2]);
  return screenPage();
}

window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", () => {
  const saved = sessionStorage.getItem("ce2-key");
  if (saved) $("#api-key").value = saved;
  $("#key-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    sessionStorage.setItem("ce2-key", $("#api-key").value.trim());
    if (await checkKey()) { say("Key accepted."); route(); }
  });
  // The skip link moves the focus (the hash is the page's route, so it is not followed).
  $("#skip").addEventListener("click", (ev) => {
    ev.preventDefault();
    const target = $("#results-title") || $("#results") || $("#page-title") || $("#main");
    target.focus();
    target.scrollIntoView({ block: "start" });
  });
  document.addEventListener("keydown", (ev) => {
    const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement?.tagName || "");
    if (ev.key === "/" && !typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
      ev.preventDefault();
      if ($("#q-name")) $("#q-name").focus(); else location.hash = "#/";
    }
  });
  checkKey();
  route();
});
