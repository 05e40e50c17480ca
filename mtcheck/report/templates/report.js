// Draws the documents of report.html a page at a time from the embedded JSON.
// Every text of the corpus is set with textContent, never parsed as markup.
(function () {
  "use strict";
  var PAGE_SIZE = 100;
  var data = JSON.parse(document.getElementById("mtcheck-data").textContent);
  var RANK = { critical: 3, major: 2, minor: 1 };
  var state = { system: "", doc: "", severity: "", confidence: "", check: "", search: "", onlyFindings: false, page: 0 };
  var haystacks = null;

  function byId(id) { return document.getElementById(id); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function number(value) { return value.toLocaleString("en-US"); }
  // People read 1-based columns, as the terminal and CI annotations give them; flags.csv keeps 0-based offsets.
  function columnsText(f) {
    if (f.end <= f.start) { return "column " + (f.start + 1); }
    return f.end - f.start === 1 ? "column " + (f.start + 1) : "columns " + (f.start + 1) + "–" + f.end;
  }

  // "(p 0.912)": the finding's probability of being right, where a model gave one.
  function probabilityText(finding) {
    return finding.probability === null || finding.probability === undefined ? "" : " (p " + finding.probability.toFixed(3) + ")";
  }

  function addOption(select, value, label) {
    var node = document.createElement("option");
    node.value = value;
    node.textContent = label;
    select.appendChild(node);
  }

  function findingShown(finding) {
    return (!state.severity || finding.severity === state.severity) && (!state.check || finding.code === state.check) &&
      (!state.confidence || finding.confidence === state.confidence);
  }

  function shownFindings(segment) {
    var shown = [];
    for (var i = 0; i < segment.f.length; i++) {
      if (findingShown(data.findings[segment.f[i]])) shown.push(segment.f[i]);
    }
    return shown;
  }

  function haystack(index) {
    // Lower-cased text of each segment and its findings, built once, on the first search.
    if (haystacks === null) {
      haystacks = data.segments.map(function (segment) {
        var parts = [segment.mt, segment.ref, segment.src, data.documents[segment.d].doc];
        segment.f.forEach(function (i) {
          var f = data.findings[i];
          parts.push(f.code, f.rule, f.found, f.expected, f.message);
        });
        return parts.join("\n").toLowerCase();
      });
    }
    return haystacks[index];
  }

  function segmentShown(index) {
    var segment = data.segments[index];
    var documentEntry = data.documents[segment.d];
    if (state.system && documentEntry.system !== state.system) return false;
    if (state.doc && documentEntry.doc !== state.doc) return false;
    if ((state.severity || state.check || state.confidence) && shownFindings(segment).length === 0) return false;
    // "Only segments with findings" narrows a document that has findings; a clean one stays whole.
    if (state.onlyFindings && documentEntry.findings > 0 && shownFindings(segment).length === 0) return false;
    if (state.search && haystack(index).indexOf(state.search) < 0) return false;
    return true;
  }

  // ------------------------------------------------------------ highlighting

  function spansOf(findingIndices, side) {
    // Findings on the same stretch of text share one mark.
    var spans = {};
    findingIndices.forEach(function (i) {
      var span = data.findings[i][side];
      if (!span || span[1] <= span[0]) return;
      var key = span[0] + ":" + span[1];
      if (!spans[key]) spans[key] = { s: span[0], e: span[1], ids: [] };
      spans[key].ids.push(i);
    });
    return Object.keys(spans).map(function (key) { return spans[key]; });
  }

  function byStart(a, b) { return a.s - b.s || b.e - a.e; }

  function markFor(span, side) {
    var mark = el("mark");
    mark.setAttribute("tabindex", "0");
    mark.setAttribute("data-findings", span.ids.join(" "));
    var findings = span.ids.map(function (i) { return data.findings[i]; });
    if (side === "ref") {
      mark.className = "expected";
      mark.setAttribute("data-label", "expected");
      mark.title = findings.map(function (f) { return "expected by " + f.code + " " + f.rule + ": " + f.expected; }).join("\n");
    } else {
      var worst = findings.reduce(function (a, b) { return RANK[b.severity] > RANK[a.severity] ? b : a; });
      mark.className = "sev-" + worst.severity;
      mark.setAttribute("data-severity", worst.severity);
      mark.setAttribute("data-label", findings.map(function (f) { return f.code + " " + f.severity; }).join(" · "));
      mark.title = findings.map(function (f) {
        return f.code + " " + f.rule + " · " + f.severity + " · " + f.confidence + " confidence" + probabilityText(f) + "\n" +
          "found: " + f.found + (f.expected ? "\nexpected: " + f.expected : "") + "\n" + f.message;
      }).join("\n\n");
    }
    return mark;
  }

  function fill(parent, text, from, to, spans, side) {
    // Nested marks for nested spans; a span that crosses another's end is split at it.
    var cursor = from;
    var rest = spans.slice().sort(byStart);
    while (rest.length) {
      var span = rest.shift();
      if (span.e <= cursor) continue;
      if (span.s < cursor) span = { s: cursor, e: span.e, ids: span.ids };
      if (span.s > cursor) parent.appendChild(document.createTextNode(text.slice(cursor, span.s)));
      var inner = [], later = [];
      rest.forEach(function (other) {
        if (other.s >= span.e) later.push(other);
        else if (other.e <= span.e) inner.push(other);
        else {
          inner.push({ s: other.s, e: span.e, ids: other.ids });
          later.push({ s: span.e, e: other.e, ids: other.ids });
        }
      });
      var mark = markFor(span, side);
      fill(mark, text, span.s, span.e, inner, side);
      parent.appendChild(mark);
      cursor = span.e;
      rest = later.sort(byStart);
    }
    if (cursor < to) parent.appendChild(document.createTextNode(text.slice(cursor, to)));
  }

  function textCell(text, findingIndices, side) {
    var cell = el("td", "text");
    cell.setAttribute("dir", "auto");
    fill(cell, text, 0, text.length, spansOf(findingIndices, side), side);
    return cell;
  }

  function emptyCell(text, tag) {
    var cell = el("td", "text empty", text);
    if (tag) cell.appendChild(el("span", "align-tag", tag));
    return cell;
  }

  // ---------------------------------------------------------------- findings

  function score(value) { return value === null || value === undefined ? "–" : String(value); }

  function findingItem(index) {
    var f = data.findings[index];
    var item = el("li", "sev-" + f.severity);
    item.setAttribute("data-finding", String(index));
    var head = el("div");
    head.appendChild(el("span", "sev-badge sev-" + f.severity, f.severity));
    head.appendChild(document.createTextNode(" "));
    head.appendChild(el("code", null, f.code));
    head.appendChild(document.createTextNode(" " + f.rule + " · " + f.confidence + " confidence" + probabilityText(f) + " · line " + f.line + ", " + columnsText(f)));
    if (f.status === "baselined") head.appendChild(el("span", "baselined", " · baselined, not counted by the gate"));
    item.appendChild(head);
    var what = el("div", "what");
    what.setAttribute("dir", "auto");
    what.textContent = (f.found ? "“" + f.found + "”" : "(nothing in the MT)") + (f.expected ? " → expected “" + f.expected + "”" : "");
    item.appendChild(what);
    var message = el("div", null, f.message);
    message.setAttribute("dir", "auto");
    item.appendChild(message);
    var evidence = [];
    if (f.string_similarity !== null) evidence.push("string similarity " + f.string_similarity);
    if (f.phonetic_match !== null) evidence.push("phonetic match " + (f.phonetic_match ? "yes" : "no"));
    if (f.embedding_similarity !== null) evidence.push("embedding similarity " + f.embedding_similarity);
    if (evidence.length) item.appendChild(el("div", "evidence", "evidence: " + evidence.join(" · ")));
    return item;
  }

  // ------------------------------------------------------------------ paging

  function documentHead(documentEntry, continued) {
    var head = el("div", "doc-head");
    var title = el("h3", null, documentEntry.doc + (continued ? " (continued)" : ""));
    title.setAttribute("dir", "auto");
    head.appendChild(title);
    var meta = ["system " + documentEntry.system, documentEntry.file, "aligned by " + documentEntry.aligned_by,
      number(documentEntry.count) + " segments", number(documentEntry.words) + " words"];
    if (documentEntry.has_ref) meta.push("BLEU " + score(documentEntry.bleu), "chrF " + score(documentEntry.chrf), "TER " + score(documentEntry.ter), "similarity " + score(documentEntry.sim));
    else meta.push("no reference");
    if (documentEntry.src_unaligned) meta.push("source not shown: its sentences are not aligned to the MT's");
    meta.push(documentEntry.findings + (documentEntry.findings === 1 ? " finding" : " findings"));
    var line = el("span", "meta", meta.join(" · "));
    line.setAttribute("dir", "auto");
    head.appendChild(line);
    return head;
  }

  function segmentTable(documentEntry) {
    var table = el("table", "segments");
    table.setAttribute("data-doc", documentEntry.doc);
    table.setAttribute("data-system", documentEntry.system);
    var columns = ["line", "text", "text"].concat(documentEntry.has_src ? ["text"] : []).concat(["score"]);
    var group = el("colgroup");
    columns.forEach(function (name) { group.appendChild(el("col", name)); });
    table.appendChild(group);
    var head = el("thead");
    var row = el("tr");
    [documentEntry.aligned_by === "rows" ? "table line" : "MT line", "MT", "reference"].concat(documentEntry.has_src ? ["source"] : []).concat(["scores"]).forEach(function (name) {
      row.appendChild(el("th", null, name));
    });
    head.appendChild(row);
    table.appendChild(head);
    table.appendChild(el("tbody"));
    return table;
  }

  function segmentRow(index, documentEntry) {
    var segment = data.segments[index];
    var shown = shownFindings(segment);
    var row = el("tr", "align-" + segment.align);
    row.setAttribute("data-segment", String(index));
    row.setAttribute("data-alignment", segment.align);
    var line = el("td", "line", segment.line || "–");
    if (!segment.line) line.title = "no MT text here";
    row.appendChild(line);
    var mt;
    if (segment.align === "0-1") mt = emptyCell("omitted in the MT ", "0-1");
    else {
      mt = textCell(segment.mt, shown, "mt");
      if (segment.align !== "1-1" && segment.align !== "1-0") mt.appendChild(el("span", "align-tag", segment.align));
    }
    if (shown.length) {
      var list = el("ul", "findings");
      shown.forEach(function (i) { list.appendChild(findingItem(i)); });
      mt.appendChild(list);
    }
    row.appendChild(mt);
    if (segment.align === "1-0") row.appendChild(emptyCell("no counterpart in the reference ", "1-0"));
    else if (!segment.ref) row.appendChild(emptyCell("no reference"));
    else row.appendChild(textCell(segment.ref, shown, "ref"));
    if (documentEntry.has_src) {
      var source = segment.src ? el("td", "text", segment.src) : emptyCell("");
      source.setAttribute("dir", "auto");
      row.appendChild(source);
    }
    var scores = [];
    if (segment.chrf !== null) scores.push("chrF " + segment.chrf);
    if (segment.bleu !== null) scores.push("BLEU " + segment.bleu);
    if (segment.sim !== null) scores.push("sim " + segment.sim);
    row.appendChild(el("td", "score", scores.join("\n")));
    return row;
  }

  function pager(container, total, documents, pages) {
    container.textContent = "";
    var first = total ? state.page * PAGE_SIZE + 1 : 0;
    var last = Math.min(total, (state.page + 1) * PAGE_SIZE);
    var buttons = [["« first", 0], ["‹ previous", state.page - 1], ["next ›", state.page + 1], ["last »", pages - 1]];
    buttons.forEach(function (entry) {
      var button = el("button", null, entry[0]);
      button.type = "button";
      button.setAttribute("data-page", String(entry[1]));
      button.disabled = entry[1] < 0 || entry[1] >= pages || entry[1] === state.page;
      container.appendChild(button);
    });
    container.appendChild(el("span", "where", total
      ? "segments " + number(first) + "–" + number(last) + " of " + number(total) + " in " + number(documents) +
        (documents === 1 ? " document" : " documents") + " · page " + number(state.page + 1) + " of " + number(pages)
      : "no segment matches the filters"));
  }

  function pageOf(index) {
    var position = 0;
    for (var i = 0; i < index; i++) if (segmentShown(i)) position++;
    return Math.floor(position / PAGE_SIZE);
  }

  function showSegment(index) {
    // From the list of what blocks publication to the segment itself: its document, its page, its row.
    var documentEntry = data.documents[data.segments[index].d];
    state.system = documentEntry.system;
    state.doc = documentEntry.doc;
    state.severity = state.confidence = state.check = state.search = "";
    byId("filter-system").value = state.system;
    byId("filter-doc").value = state.doc;
    ["filter-severity", "filter-confidence", "filter-check", "filter-search"].forEach(function (id) { byId(id).value = ""; });
    state.page = pageOf(index);
    render();
    var row = document.querySelector('tr[data-segment="' + index + '"]');
    if (row) {
      row.classList.add("target");
      row.scrollIntoView();
    }
  }

  function blockingList() {
    var list = byId("blocking");
    if (!list) return;
    data.findings.forEach(function (f) {
      if (!f.blocks) return;
      var segment = data.segments[f.seg];
      var documentEntry = data.documents[segment.d];
      var item = el("li");
      var link = el("a", null, documentEntry.doc + " · segment " + segment.id + ": " + (f.found || "(missing)") + (f.expected ? " → " + f.expected : "") + " (" + f.code + " " + f.severity + ")");
      link.href = "#documents";
      link.setAttribute("dir", "auto");
      link.setAttribute("data-segment", String(f.seg));
      link.addEventListener("click", function (event) { event.preventDefault(); showSegment(f.seg); });
      item.appendChild(link);
      list.appendChild(item);
    });
    var heading = byId("blocking-heading");
    if (heading) heading.hidden = list.children.length === 0;
  }

  function render() {
    var selected = [];
    for (var i = 0; i < data.segments.length; i++) if (segmentShown(i)) selected.push(i);
    var documentsShown = {};
    selected.forEach(function (index) { documentsShown[data.segments[index].d] = true; });
    var pages = Math.max(1, Math.ceil(selected.length / PAGE_SIZE));
    state.page = Math.min(Math.max(0, state.page), pages - 1);
    var page = selected.slice(state.page * PAGE_SIZE, (state.page + 1) * PAGE_SIZE);
    var fragment = document.createDocumentFragment();
    var current = -1, body = null;
    var before = state.page > 0 ? selected[state.page * PAGE_SIZE - 1] : undefined;
    page.forEach(function (index) {
      var segment = data.segments[index];
      var documentEntry = data.documents[segment.d];
      if (segment.d !== current) {
        var continued = current === -1 && before !== undefined && data.segments[before].d === segment.d;
        fragment.appendChild(documentHead(documentEntry, continued));
        var table = segmentTable(documentEntry);
        fragment.appendChild(table);
        body = table.tBodies[0];
        current = segment.d;
      }
      body.appendChild(segmentRow(index, documentEntry));
    });
    var container = byId("segments");
    container.textContent = "";
    container.appendChild(fragment);
    var documents = Object.keys(documentsShown).length;
    pager(byId("pager-top"), selected.length, documents, pages);
    pager(byId("pager-bottom"), selected.length, documents, pages);
    document.body.setAttribute("data-shown-segments", String(page.length));
    document.body.setAttribute("data-matching-segments", String(selected.length));
    if (document.body.getAttribute("data-ready") !== "true") {
      // The page's "ready" marker: the first page of documents is on screen (read by tests and the benchmark).
      document.body.setAttribute("data-ready", "true");
      if (window.performance && performance.mark) performance.mark("mtcheck-ready");
    }
  }

  // ------------------------------------------------------------------ wiring

  function setUp() {
    var systems = byId("filter-system");
    data.systems.forEach(function (name) { addOption(systems, name, name); });
    var docs = byId("filter-doc");
    var names = {};
    data.documents.forEach(function (d) { names[d.doc] = true; });
    Object.keys(names).sort().forEach(function (name) { addOption(docs, name, name); });
    var severities = byId("filter-severity");
    data.severities.forEach(function (name) { addOption(severities, name, name); });
    var checks = byId("filter-check");
    data.checks.forEach(function (check) { addOption(checks, check.code, check.code + " " + check.rule); });
    var confidences = byId("filter-confidence");
    ["high", "medium", "low"].forEach(function (name) { addOption(confidences, name, name); });

    function changed(key, value) { state[key] = value; state.page = 0; render(); }
    systems.addEventListener("change", function () { changed("system", systems.value); });
    docs.addEventListener("change", function () { changed("doc", docs.value); });
    severities.addEventListener("change", function () { changed("severity", severities.value); });
    checks.addEventListener("change", function () { changed("check", checks.value); });
    confidences.addEventListener("change", function () { changed("confidence", confidences.value); });
    var only = byId("filter-only-findings");
    // On by default where there is anything to find: an editor reads the findings first.
    state.onlyFindings = only.checked = data.findings.length > 0;
    only.addEventListener("change", function () { changed("onlyFindings", only.checked); });
    var search = byId("filter-search");
    var timer = null;
    function searched() {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var wanted = search.value.trim().toLowerCase();
        if (wanted !== state.search) changed("search", wanted);
      }, 150);
    }
    // "input" while typing; "change" and "search" also when the box is emptied by its clear button or a script.
    ["input", "change", "search"].forEach(function (name) { search.addEventListener(name, searched); });
    byId("filters").addEventListener("submit", function (event) { event.preventDefault(); });

    [byId("pager-top"), byId("pager-bottom")].forEach(function (container) {
      container.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-page]");
        if (!button || button.disabled) return;
        state.page = Number(button.getAttribute("data-page"));
        render();
        if (container.id === "pager-bottom") byId("documents").scrollIntoView();
      });
    });

    Array.prototype.forEach.call(document.querySelectorAll("button.show-check"), function (button) {
      button.addEventListener("click", function () {
        checks.value = button.getAttribute("data-check");
        severities.value = button.getAttribute("data-severity");
        state.check = checks.value;
        state.severity = severities.value;
        state.page = 0;
        render();
        byId("documents").scrollIntoView();
      });
    });

    byId("segments").addEventListener("click", function (event) {
      var target = event.target.closest("mark[data-findings], li[data-finding]");
      if (!target) return;
      var ids = (target.getAttribute("data-findings") || target.getAttribute("data-finding")).split(" ");
      var row = target.closest("tr");
      Array.prototype.forEach.call(row.querySelectorAll(".active"), function (node) { node.classList.remove("active"); });
      Array.prototype.forEach.call(row.querySelectorAll("mark[data-findings], li[data-finding]"), function (node) {
        var own = (node.getAttribute("data-findings") || node.getAttribute("data-finding")).split(" ");
        if (own.some(function (id) { return ids.indexOf(id) >= 0; })) node.classList.add("active");
      });
    });
    byId("segments").addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target.matches("mark[data-findings]")) event.target.click();
    });
    blockingList();
    render();
  }

  setUp();
})();
