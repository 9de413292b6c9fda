/*
 * The playground's only script: sends the page to POST /v1/normalise and shows the answer.
 *
 * Safety rule: every piece of page or article text reaches the document through
 * textContent / createTextNode / setAttribute, never through an HTML parser, so a page that
 * contains "<script>" is shown, not run. The Content-Security-Policy is the second lock.
 */
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var MINUTE = 60 * 1000;
  var HOUR = 60 * MINUTE;
  var DAY = 24 * HOUR;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  // Which part of the page a line became: CSS class suffix and the words shown in its tag.
  var ROLES = {
    title: "title",
    date: "date",
    source: "source",
    byline: "byline",
    body: "body",
    history: "history",
    removed: "removed",
    other: "unmatched",
  };

  var lastText = "";
  var lastArticle = null;

  // ---------------------------------------------------------------- DOM helpers

  /** Element with attributes and children; strings become text nodes (never HTML). */
  function el(tag, attrs) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function svgEl(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function setAttrs(node, attrs) {
    if (!attrs) return;
    Object.keys(attrs).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      node.setAttribute(name, String(value));
    });
  }

  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) {
      child.forEach(function (c) { append(node, c); });
    } else if (typeof child === "string" || typeof child === "number") {
      node.appendChild(document.createTextNode(String(child)));
    } else {
      node.appendChild(child);
    }
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function $(id) {
    return document.getElementById(id);
  }

  // ---------------------------------------------------------------- text matching

  /** The same character cleaning the service applies, so input lines can be found in the output. */
  function cleanLine(s) {
    return s
      .normalize("NFC")
      .replace(/[\u200b-\u200d\u2060\ufeff]/g, "")
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, "")
      .replace(/[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g, " ")
      .trim();
  }

  /** Looser key: case, quote style, punctuation and spacing ignored (as history duplicates are). */
  function looseKey(s) {
    return cleanLine(s)
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, "");
  }

  /**
   * What became of each input line: a list of segments (kept or removed) and tags.
   * Removed lines come from `removed[].line`; the rest are matched by their text against the
   * article's fields, history entries in page order, and paragraphs.
   */
  function annotate(text, article) {
    var rawLines = text.split(/\r\n|\r|\n/);
    var removedByLine = new Map();
    (article.removed || []).forEach(function (r) {
      if (!removedByLine.has(r.line)) removedByLine.set(r.line, []);
      removedByLine.get(r.line).push(r);
    });
    var warningsByLine = new Map();
    (article.warnings || []).forEach(function (w) {
      if (w.line === null || w.line === undefined) return;
      if (!warningsByLine.has(w.line)) warningsByLine.set(w.line, []);
      warningsByLine.get(w.line).push(w);
    });

    var singles = [];
    function single(value, role, tag) {
      if (value) singles.push({ key: cleanLine(value), loose: looseKey(value), role: role, tag: tag, used: false });
    }
    single(article.title, "title", "title");
    if (article.published) single(article.published.text, "date", "published");
    if (article.updated) single(article.updated.text, "date", "updated");
    single(article.source, "source", "source");
    single(article.byline, "byline", "byline");
    if (article.dateline) single(article.dateline.text, "byline", "dateline");

    var historyTokens = [];
    (article.history || []).forEach(function (h, i) {
      function token(value, part) {
        if (value) historyTokens.push({ key: cleanLine(value), loose: looseKey(value), entry: i, tag: "history #" + i + " " + part });
      }
      token(h.title, "title");
      token(h.label, "label");
      if (h.published) token(h.published.text, "age");
    });
    var historyAt = 0;

    var paragraphs = (article.paragraphs || []).map(function (p) {
      return { key: cleanLine(p), loose: looseKey(p) };
    });

    function classify(seg) {
      var loose = looseKey(seg);
      var passes = [
        function (item) { return item.key === seg; },
        function (item) { return loose !== "" && item.loose === loose; },
      ];
      for (var p = 0; p < passes.length; p++) {
        var match = passes[p];
        for (var s = 0; s < singles.length; s++) {
          if (!singles[s].used && match(singles[s])) {
            singles[s].used = true;
            return { role: singles[s].role, tag: singles[s].tag };
          }
        }
        // History lines come in page order: look a few tokens ahead (a label may be absent).
        for (var k = historyAt; k < Math.min(historyAt + 8, historyTokens.length); k++) {
          if (match(historyTokens[k])) {
            historyAt = k + 1;
            return { role: "history", tag: historyTokens[k].tag, entry: historyTokens[k].entry };
          }
        }
      }
      for (var q = 0; q < paragraphs.length; q++) {
        if (paragraphs[q].key.indexOf(seg) !== -1 || (loose && paragraphs[q].loose.indexOf(loose) !== -1)) {
          return { role: "body", tag: "body ¶" + (q + 1) };
        }
      }
      return { role: "other", tag: "unmatched" };
    }

    var lineToEntry = new Map();
    var lines = rawLines.map(function (raw, index) {
      var number = index + 1;
      var cleaned = cleanLine(raw);
      var line = { number: number, raw: raw, blank: cleaned === "", segments: [], warnings: warningsByLine.get(number) || [] };
      if (line.blank && !removedByLine.has(number)) return line;

      // Cut every removed text out of the line; what is left is classified by text.
      var parts = [{ text: cleaned, removed: null }];
      (removedByLine.get(number) || []).forEach(function (r) {
        var needle = cleanLine(r.text);
        for (var i = 0; i < parts.length; i++) {
          var at = parts[i].removed ? -1 : parts[i].text.indexOf(needle);
          if (needle && at !== -1) {
            var before = parts[i].text.slice(0, at).trim();
            var after = parts[i].text.slice(at + needle.length).trim();
            var cut = [];
            if (before) cut.push({ text: before, removed: null });
            cut.push({ text: needle, removed: r });
            if (after) cut.push({ text: after, removed: null });
            parts.splice.apply(parts, [i, 1].concat(cut));
            return;
          }
        }
        // Not found as written (e.g. the removed text was repaired): the whole line goes.
        parts = [{ text: cleaned || cleanLine(r.text), removed: r }];
      });

      parts.forEach(function (part) {
        if (part.removed) {
          var tags = ["removed: " + part.removed.reason];
          if (article.published && part.text.indexOf(cleanLine(article.published.text)) !== -1) tags.push("published");
          line.segments.push({ text: part.text, role: "removed", tags: tags, reason: part.removed.reason });
        } else {
          var found = classify(part.text);
          if (found.entry !== undefined) lineToEntry.set(number, found.entry);
          line.segments.push({ text: part.text, role: found.role, tags: [found.tag] });
        }
      });
      // One whole, kept line: show it exactly as it came in.
      line.whole = parts.length === 1 && !parts[0].removed;
      return line;
    });

    var outOfOrder = new Set();
    (article.warnings || []).forEach(function (w) {
      if (w.code === "history_out_of_order" && lineToEntry.has(w.line)) outOfOrder.add(lineToEntry.get(w.line));
    });
    return { lines: lines, outOfOrder: outOfOrder };
  }

  // ---------------------------------------------------------------- rendering

  function renderLines(annotated) {
    var list = $("lines");
    clear(list);
    var fragment = document.createDocumentFragment();
    annotated.lines.forEach(function (line) {
      var role = line.blank ? "blank" : line.segments[0].role;
      var content = el("span", { class: "line-text" });
      var tags = el("span", { class: "line-tags" });
      if (line.whole) {
        append(content, line.raw);
      } else {
        line.segments.forEach(function (seg, i) {
          if (i > 0) append(content, " ");
          if (seg.role === "removed") {
            append(content, el("del", { class: "seg removed", "data-reason": seg.reason }, seg.text));
          } else {
            append(content, el("span", { class: "seg role-" + seg.role }, seg.text));
          }
        });
      }
      line.segments.forEach(function (seg) {
        seg.tags.forEach(function (t) {
          append(tags, el("span", { class: "tag role-" + seg.role }, t));
        });
      });
      line.warnings.forEach(function (w) {
        append(tags, el("span", { class: "tag role-warning", title: w.message }, "⚠ " + w.code));
      });
      var roles = line.segments.map(function (s) { return s.role; }).join(" ");
      fragment.appendChild(
        el(
          "li",
          { id: "line-" + line.number, class: "line role-" + role + (line.warnings.length ? " has-warning" : ""), "data-line": line.number, "data-roles": roles || "blank" },
          el("span", { class: "lineno" }, String(line.number)),
          content,
          tags
        )
      );
    });
    list.appendChild(fragment);
  }

  function formatTime(iso) {
    return iso.replace("T", " ").replace("Z", " UTC");
  }

  function timestampNode(ts) {
    if (!ts) return el("span", { class: "null" }, "none");
    return el(
      "span",
      { class: "timestamp" },
      el("q", null, ts.text),
      " (" + ts.kind + ", precision " + ts.precision + ") → ",
      el("time", { datetime: ts.value }, formatTime(ts.value)),
      el("br"),
      el("span", { class: "interval" }, "between ", el("time", { datetime: ts.earliest }, formatTime(ts.earliest)), " and ", el("time", { datetime: ts.latest }, formatTime(ts.latest)))
    );
  }

  function valueNode(value) {
    if (value === null || value === undefined || value === "") return el("span", { class: "null" }, "none");
    return String(value);
  }

  function plural(count, one, many) {
    return count + " " + (count === 1 ? one : many || one + "s");
  }

  function renderFields(article) {
    var list = $("fields");
    clear(list);
    var stats = article.stats || {};
    var dateline = article.dateline
      ? [article.dateline.text, " (place: ", valueNode(article.dateline.place), ", agency: ", valueNode(article.dateline.agency), ")"]
      : el("span", { class: "null" }, "none");
    var rows = [
      ["format", "Format", valueNode(article.format)],
      ["title", "Title", valueNode(article.title)],
      ["source", "Source", valueNode(article.source)],
      ["url", "URL", valueNode(article.url)],
      ["published", "Published", timestampNode(article.published)],
      ["updated", "Updated", timestampNode(article.updated)],
      ["byline", "Byline", valueNode(article.byline)],
      ["dateline", "Dateline", dateline],
      [
        "stats",
        "Stats",
        [
          plural(stats.words, "word"),
          plural(stats.characters, "character"),
          plural(stats.paragraphs, "paragraph"),
          plural(stats.history_entries, "history entry", "history entries") +
            " (" + plural(stats.history_duplicates, "duplicate") + ")",
        ].join(", "),
      ],
      ["fingerprint", "Fingerprint", el("code", null, valueNode(article.fingerprint))],
      ["reference-time", "Reference time", valueNode(article.reference_time)],
    ];
    rows.forEach(function (row) {
      list.appendChild(el("dt", null, row[1]));
      list.appendChild(el("dd", { id: "field-" + row[0] }, row[2]));
    });
  }

  function renderWarnings(article) {
    var list = $("warnings");
    clear(list);
    var warnings = article.warnings || [];
    if (!warnings.length) {
      list.appendChild(el("li", { class: "none" }, "No warnings."));
      return;
    }
    warnings.forEach(function (w) {
      var where = w.line === null || w.line === undefined ? null : el("a", { href: "#line-" + w.line }, "line " + w.line);
      list.appendChild(el("li", { class: "warning", "data-code": w.code }, el("code", null, w.code), " ", w.message, where ? [" (", where, ")"] : null));
    });
  }

  function renderBody(article) {
    var body = $("body");
    clear(body);
    var paragraphs = article.paragraphs || [];
    if (!paragraphs.length) body.appendChild(el("p", { class: "null" }, "No body."));
    paragraphs.forEach(function (p) {
      body.appendChild(el("p", null, p));
    });
  }

  function renderHistory(article, outOfOrder) {
    var history = article.history || [];
    var duplicates = history.filter(function (h) { return h.duplicate_of !== null && h.duplicate_of !== undefined; }).length;
    clear($("history-caption"));
    append($("history-caption"), history.length + " entries, " + duplicates + " duplicates, " + outOfOrder.size + " out of time order");
    var tbody = $("history").tBodies[0];
    clear(tbody);
    if (!history.length) {
      tbody.appendChild(el("tr", { class: "empty" }, el("td", { colspan: 7 }, "No history section.")));
      return;
    }
    history.forEach(function (h, i) {
      var notes = [];
      var isDuplicate = h.duplicate_of !== null && h.duplicate_of !== undefined;
      if (isDuplicate) notes.push(["duplicate of ", el("a", { href: "#history-" + h.duplicate_of }, "#" + h.duplicate_of)]);
      if (outOfOrder.has(i)) notes.push(el("strong", { class: "flag" }, "⚠ out of time order"));
      var ts = h.published;
      var classes = ["entry"];
      if (isDuplicate) classes.push("duplicate");
      if (outOfOrder.has(i)) classes.push("out-of-order");
      tbody.appendChild(
        el(
          "tr",
          { id: "history-" + i, class: classes.join(" "), "data-index": i },
          el("th", { scope: "row" }, String(i)),
          el("td", { "data-label": "Title" }, h.title),
          el("td", { "data-label": "Label" }, valueNode(h.label)),
          el("td", { "data-label": "Age as written" }, ts ? ts.text : valueNode(null)),
          el("td", { "data-label": "Value" }, ts ? el("time", { datetime: ts.value }, formatTime(ts.value)) : valueNode(null)),
          el("td", { "data-label": "Interval" }, ts ? [formatTime(ts.earliest), " – ", formatTime(ts.latest)] : valueNode(null)),
          el("td", { "data-label": "Notes" }, notes.length ? notes.map(function (n, k) { return k ? [", ", n] : n; }) : "")
        )
      );
    });
  }

  // ---------------------------------------------------------------- timeline

  function pad2(n) {
    return n < 10 ? "0" + n : String(n);
  }

  function tickLabel(ms, step) {
    var d = new Date(ms);
    if (step >= 28 * DAY) return MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
    var day = MONTHS[d.getUTCMonth()] + " " + d.getUTCDate();
    if (step >= DAY) return day;
    return day + " " + pad2(d.getUTCHours()) + ":" + pad2(d.getUTCMinutes());
  }

  function linearTicks(t0, t1) {
    var steps = [MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY];
    var step = null;
    for (var i = 0; i < steps.length; i++) {
      if ((t1 - t0) / steps[i] <= 8) {
        step = steps[i];
        break;
      }
    }
    var ticks = [];
    if (step !== null) {
      for (var t = Math.ceil(t0 / step) * step; t <= t1; t += step) ticks.push({ at: t, label: tickLabel(t, step) });
      return ticks;
    }
    // Calendar months (or years) for long spans.
    var months = [1, 2, 3, 6, 12, 24, 60, 120, 240, 600];
    var span = (t1 - t0) / (30 * DAY);
    var k = months[months.length - 1];
    for (var j = 0; j < months.length; j++) {
      if (span / months[j] <= 8) {
        k = months[j];
        break;
      }
    }
    var start = new Date(t0);
    var y = start.getUTCFullYear();
    var m = Math.ceil(start.getUTCMonth() / k) * k;
    for (var guard = 0; guard < 100; guard++) {
      var at = Date.UTC(y, m);
      if (at > t1) break;
      if (at >= t0) ticks.push({ at: at, label: tickLabel(at, 30 * DAY) });
      m += k;
    }
    return ticks;
  }

  var AGE_TICKS = [
    [MINUTE, "1 min"], [10 * MINUTE, "10 min"], [HOUR, "1 h"], [6 * HOUR, "6 h"], [DAY, "1 d"],
    [2 * DAY, "2 d"], [4 * DAY, "4 d"], [7 * DAY, "1 wk"], [14 * DAY, "2 wk"], [30 * DAY, "1 mo"],
    [61 * DAY, "2 mo"], [91 * DAY, "3 mo"], [182 * DAY, "6 mo"], [365 * DAY, "1 yr"],
    [730 * DAY, "2 yr"], [1826 * DAY, "5 yr"], [3652 * DAY, "10 yr"], [7305 * DAY, "20 yr"],
  ];

  /** The rows drawn: published, updated and every history entry, in that order. */
  function timelineRows(article, outOfOrder) {
    var rows = [];
    if (article.published !== undefined) rows.push({ kind: "published", index: null, label: "published", title: article.title || "(the article)", ts: article.published });
    if (article.updated) rows.push({ kind: "updated", index: null, label: "updated", title: article.title || "(the article)", ts: article.updated });
    (article.history || []).forEach(function (h, i) {
      var dup = h.duplicate_of === null || h.duplicate_of === undefined ? null : h.duplicate_of;
      var label = "#" + i + (dup !== null ? " = #" + dup : "");
      rows.push({ kind: "history", index: i, label: outOfOrder.has(i) ? "⚠ " + label : label, title: h.title, ts: h.published, duplicateOf: dup, outOfOrder: outOfOrder.has(i) });
    });
    return rows;
  }

  function renderTimeline(article, outOfOrder, scaleName) {
    var box = $("timeline");
    clear(box);
    var rows = timelineRows(article, outOfOrder);
    var dated = rows.filter(function (r) { return r.ts; });
    if (!dated.length) {
      box.appendChild(el("p", { class: "null" }, "Nothing dated to draw."));
      return;
    }
    var ref = Date.parse(article.reference_time);
    var lows = dated.map(function (r) { return Date.parse(r.ts.earliest); });
    var highs = dated.map(function (r) { return Date.parse(r.ts.latest); });
    var t0 = Math.min.apply(null, lows);
    var t1 = Math.max.apply(null, highs.concat(isNaN(ref) ? [] : [ref]));

    // Drawn at the box's width (at least 300 px): text keeps its size on a phone.
    var width = Math.max(Math.floor(box.clientWidth) || 1000, 300);
    var narrow = width < 640;
    var left = narrow ? 64 : 120, right = narrow ? 16 : 80, top = 40, rowH = 16;
    var plotW = width - left - right;
    var height = top + rows.length * rowH + 12;
    var x, ticks;

    if (scaleName === "log" && !isNaN(ref)) {
      var ageOf = function (t) { return Math.max(ref - t, MINUTE); };
      var aMin = Math.min.apply(null, highs.map(ageOf));
      var aMax = Math.max.apply(null, lows.map(ageOf));
      if (aMax <= aMin * 1.5) { aMin = aMin / 1.5; aMax = aMax * 1.5; }
      var l0 = Math.log(aMin / 1.15), l1 = Math.log(aMax * 1.15);
      x = function (t) { return left + plotW * (1 - (Math.log(ageOf(t)) - l0) / (l1 - l0)); };
      ticks = AGE_TICKS.filter(function (a) { return a[0] >= aMin / 1.15 && a[0] <= aMax * 1.15; })
        .map(function (a) { return { at: ref - a[0], label: a[1] + " ago" }; });
      if (ticks.length > (narrow ? 4 : 9)) ticks = ticks.filter(function (_, i) { return i % 2 === 0; });
    } else {
      var span = t1 - t0 || 2 * HOUR;
      if (t1 === t0) { t0 -= HOUR; t1 += HOUR; }
      t0 -= span * 0.02;
      t1 += span * 0.02;
      x = function (t) { return left + ((t - t0) / (t1 - t0)) * plotW; };
      ticks = linearTicks(t0, t1);
      while (narrow && ticks.length > 4) ticks = ticks.filter(function (_, i) { return i % 2 === 0; });
    }

    var summary = "Timeline: " + dated.length + " dated items from " + formatTime(new Date(Math.min.apply(null, lows)).toISOString().replace(/\.\d{3}Z$/, "Z")) +
      " to " + formatTime(new Date(Math.max.apply(null, highs)).toISOString().replace(/\.\d{3}Z$/, "Z")) + ". The history table below lists the same data.";
    var svg = svgEl("svg", {
      class: "timeline-svg scale-" + scaleName,
      viewBox: "0 0 " + width + " " + height,
      role: "img",
      "aria-label": summary,
      "data-rows": rows.length,
      "data-marks": dated.length,
    });
    svg.appendChild(svgEl("title", null, summary));

    // Row bands (zebra, out-of-order highlight) and labels.
    var bands = svgEl("g", { class: "bands" });
    rows.forEach(function (row, i) {
      var y = top + i * rowH;
      var cls = "band" + (i % 2 ? " odd" : "") + (row.outOfOrder ? " out-of-order" : "");
      bands.appendChild(svgEl("rect", { class: cls, x: 0, y: y, width: width, height: rowH }));
      bands.appendChild(
        svgEl("text", { class: "row-label" + (row.kind !== "history" ? " own" : "") + (row.outOfOrder ? " out-of-order" : ""), x: left - 8, y: y + rowH / 2 + 4, "text-anchor": "end" },
          row.label, svgEl("title", null, row.title))
      );
    });
    svg.appendChild(bands);

    // Axis and grid.
    var axis = svgEl("g", { class: "axis" });
    axis.appendChild(svgEl("line", { class: "axis-line", x1: left, x2: width - right, y1: top - 8, y2: top - 8 }));
    ticks.forEach(function (tick) {
      var tx = x(tick.at);
      if (tx < left - 1 || tx > width - right + 1) return;
      axis.appendChild(svgEl("line", { class: "grid", x1: tx, x2: tx, y1: top - 12, y2: height - 8 }));
      axis.appendChild(svgEl("text", { class: "tick-label", x: tx, y: top - 16, "text-anchor": "middle" }, tick.label));
    });
    var rx = isNaN(ref) ? NaN : x(ref);
    // On the age axis "now" is infinitely far right: the reference line shows only if it fits.
    if (rx >= left && rx <= width - right + 10) {
      axis.appendChild(svgEl("line", { class: "reference", x1: rx, x2: rx, y1: top - 12, y2: height - 8 }));
      var anchorEnd = rx > width - 100;
      axis.appendChild(svgEl("text", { class: "reference-label", x: anchorEnd ? rx - 4 : rx + 4, y: height - 12, "text-anchor": anchorEnd ? "end" : "start" }, "reference time"));
    }
    svg.appendChild(axis);

    var centre = function (i) { return top + i * rowH + rowH / 2; };
    var markX = new Map();
    rows.forEach(function (row, i) {
      if (row.ts && row.kind === "history") markX.set(row.index, { x: x(Date.parse(row.ts.value)), y: centre(i) });
    });

    // Duplicates: a dashed arc from each duplicate to its first entry.
    var links = svgEl("g", { class: "links" });
    rows.forEach(function (row, i) {
      if (row.duplicateOf === null || row.duplicateOf === undefined || !row.ts) return;
      var from = markX.get(row.index), to = markX.get(row.duplicateOf);
      if (!from || !to) return;
      var bulge = Math.min(Math.max(from.x, to.x) + 12 + Math.min(60, Math.abs(from.y - to.y) * 0.2), width - 2);
      links.appendChild(
        svgEl("path", {
          class: "dup-link",
          d: "M" + from.x + " " + from.y + " C" + bulge + " " + from.y + " " + bulge + " " + to.y + " " + to.x + " " + to.y,
          "data-from": row.index,
          "data-to": row.duplicateOf,
        }, svgEl("title", null, "#" + row.index + " repeats #" + row.duplicateOf))
      );
    });
    svg.appendChild(links);

    // Intervals and value marks.
    var marks = svgEl("g", { class: "entries" });
    rows.forEach(function (row, i) {
      var yc = centre(i);
      var cls = " kind-" + row.kind + (row.duplicateOf !== null && row.duplicateOf !== undefined ? " duplicate" : "") + (row.outOfOrder ? " out-of-order" : "");
      if (!row.ts) {
        marks.appendChild(svgEl("text", { class: "no-date", x: left + 4, y: yc + 4 }, "no date"));
        return;
      }
      var e = Date.parse(row.ts.earliest), l = Date.parse(row.ts.latest), v = Date.parse(row.ts.value);
      var x0 = Math.min(x(e), x(l)), x1 = Math.max(x(e), x(l));
      var tip = row.label + ": " + row.title + " — “" + row.ts.text + "” → " + formatTime(row.ts.value) +
        " (between " + formatTime(row.ts.earliest) + " and " + formatTime(row.ts.latest) + ")";
      marks.appendChild(svgEl("rect", { class: "interval" + cls, x: x0 - (x1 - x0 < 2 ? 1 : 0), y: yc - 4, width: Math.max(x1 - x0, 2), height: 8 }, svgEl("title", null, tip)));
      marks.appendChild(
        svgEl("circle", {
          class: "mark" + cls,
          cx: x(v),
          cy: yc,
          r: 3.5,
          "data-kind": row.kind,
          "data-index": row.index,
          "data-value": row.ts.value,
          "data-earliest": row.ts.earliest,
          "data-latest": row.ts.latest,
          "data-duplicate-of": row.duplicateOf,
          "data-out-of-order": row.outOfOrder ? "true" : null,
        }, svgEl("title", null, tip))
      );
    });
    svg.appendChild(marks);
    box.appendChild(svg);
  }

  // ---------------------------------------------------------------- the whole result

  function render(text, article) {
    lastText = text;
    lastArticle = article;
    $("results").hidden = false; // shown first: the timeline is drawn at the box's width
    var annotated = annotate(text, article);
    renderLines(annotated);
    renderFields(article);
    renderWarnings(article);
    renderBody(article);
    renderHistory(article, annotated.outOfOrder);
    renderTimeline(article, annotated.outOfOrder, $("scale").value);
    $("json").textContent = JSON.stringify(article, null, 2);
    $("copy-status").textContent = "";
    $("results").hidden = false;
  }

  function showError(title, detail, errors) {
    var box = $("error");
    clear(box);
    box.appendChild(el("h2", null, title));
    if (detail) box.appendChild(el("p", null, detail));
    if (errors && typeof errors === "object") {
      var list = el("ul");
      Object.keys(errors).forEach(function (field) {
        var value = errors[field];
        var message = Array.isArray(value) ? value.join(" ") : typeof value === "string" ? value : JSON.stringify(value);
        list.appendChild(el("li", null, el("code", null, field), ": ", message));
      });
      box.appendChild(list);
    }
    box.hidden = false;
  }

  function nowRfc3339() {
    return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  function setStatus(message) {
    $("status").textContent = message;
  }

  var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

  function decodeEntity(match, name) {
    if (name.charAt(0) === "#") {
      var code = name.charAt(1) === "x" || name.charAt(1) === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
    }
    return Object.prototype.hasOwnProperty.call(ENTITIES, name) ? ENTITIES[name] : match;
  }

  function newlinesOf(match) {
    return match.replace(/[^\n]/g, "");
  }

  /**
   * Pasted HTML as the text each of its lines shows, line for line (the service numbers
   * `removed` and `warnings` by the document's lines): scripts, styles and comments blank, tags
   * dropped, common entities decoded. Never parsed into nodes: the result is only ever text.
   */
  function htmlLinesText(html) {
    return html
      .replace(/<(script|style|noscript|template)\b[\s\S]*?<\/\1\s*>/gi, newlinesOf)
      .replace(/<!--[\s\S]*?-->/g, newlinesOf)
      .replace(/<[^<>]*>/g, function (tag) { return " " + newlinesOf(tag); })
      .replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g, decodeEntity);
  }

  function isHtml() {
    return $("kind-html").checked;
  }

  function setKind(kind) {
    $(kind === "html" ? "kind-html" : "kind-text").checked = true;
    showKind();
  }

  function showKind() {
    $("lines-heading").textContent = isHtml() ? "Input, line by line (the text of each HTML line)" : "Input, line by line";
  }

  function normalise() {
    var text = $("text").value;
    var html = isHtml();
    var payload = { text: text };
    var reference = $("reference-time").value.trim();
    var timezone = $("timezone").value.trim();
    var url = $("url").value.trim();
    var apiKey = $("api-key").value.trim();
    if (reference) payload.reference_time = reference;
    if (timezone) payload.timezone = timezone;
    if (url) payload.url = url;
    // HTML goes as text/html, options in the query; the pasted text is UTF-8 whatever the
    // document's own <meta charset> says, so the header names it.
    var query = new URLSearchParams(html ? payload : {});
    query.delete("text");
    var body = html ? text : JSON.stringify(payload);
    var contentType = html ? "text/html; charset=utf-8" : "application/json";

    var button = $("normalise");
    button.disabled = true;
    $("results").setAttribute("aria-busy", "true");
    $("error").hidden = true;
    setStatus("Normalising…");
    var started = performance.now();
    var apiRoot = document.body.getAttribute("data-api-root") || "";
    var headers = { "Content-Type": contentType, Accept: "application/json, application/problem+json" };
    if (apiKey) headers.Authorization = "Bearer " + apiKey;
    var endpoint = apiRoot + "/v1/normalise" + (query.toString() ? "?" + query.toString() : "");
    return fetch(endpoint, {
      method: "POST",
      headers: headers,
      body: body,
    })
      .then(function (response) {
        return response.text().then(function (body) {
          var data = null;
          try {
            data = JSON.parse(body);
          } catch (e) {
            data = null;
          }
          if (!response.ok || !data) {
            var problem = data || {};
            var detail = problem.detail || (data ? "" : body.slice(0, 500));
            if (response.status === 401) detail += " Enter one of the server's API keys in the API key field above.";
            showError((problem.title || "Request failed") + " (" + response.status + ")", detail, problem.errors);
            setStatus("The service refused the page: see the message below.");
            return;
          }
          render(html ? htmlLinesText(text) : text, data);
          var ms = Math.round(performance.now() - started);
          setStatus(
            "Done in " + ms + " ms: " + data.format + " page, " + (data.history || []).length + " history entries, " +
              (data.removed || []).length + " lines removed, " + (data.warnings || []).length + " warnings."
          );
        });
      })
      .catch(function (err) {
        showError("Could not reach the service", String(err && err.message ? err.message : err), null);
        setStatus("");
      })
      .then(function () {
        button.disabled = false;
        $("results").removeAttribute("aria-busy");
      });
  }

  // ---------------------------------------------------------------- copy

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return copyFallback(text); }
      );
    }
    return Promise.resolve(copyFallback(text));
  }

  /** For plain-HTTP hosts where navigator.clipboard is missing: select a hidden textarea. */
  function copyFallback(text) {
    var area = el("textarea", { class: "offscreen", readonly: "readonly", "aria-hidden": "true", tabindex: "-1" });
    area.value = text;
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    document.body.removeChild(area);
    return ok;
  }

  // ---------------------------------------------------------------- wiring

  function loadExample(button) {
    var url = button.getAttribute("data-example");
    setStatus("Loading the example…");
    return fetch(url)
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status + " for " + url);
        return response.text();
      })
      .then(function (text) {
        $("text").value = text;
        setKind(button.getAttribute("data-kind"));
        // The example's own scrape time, so the answer is the README's
        var when = button.getAttribute("data-reference-time");
        if (when) $("reference-time").value = when;
        return normalise();
      })
      .catch(function (err) {
        showError("Could not load the example", String(err && err.message ? err.message : err), null);
        setStatus("");
      });
  }

  function fillTimezones() {
    var list = $("timezones");
    var zones = ["UTC"];
    try {
      if (Intl.supportedValuesOf) zones = zones.concat(Intl.supportedValuesOf("timeZone"));
    } catch (e) {
      /* old browser: UTC only */
    }
    zones.forEach(function (zone) {
      list.appendChild(el("option", { value: zone }));
    });
  }

  function init() {
    $("reference-time").value = nowRfc3339();
    // The key is remembered for this tab only (sessionStorage), never sent anywhere else.
    try {
      $("api-key").value = sessionStorage.getItem("normaliser-api-key") || "";
    } catch (e) {
      /* storage off: the key is simply not remembered */
    }
    $("api-key").addEventListener("input", function () {
      try {
        sessionStorage.setItem("normaliser-api-key", $("api-key").value.trim());
      } catch (e) {
        /* storage off */
      }
    });
    fillTimezones();
    var drawnWidth = $("timeline").clientWidth;
    window.addEventListener("resize", function () {
      var now = $("timeline").clientWidth;
      if (lastArticle && now !== drawnWidth) {
        drawnWidth = now;
        renderTimeline(lastArticle, annotate(lastText, lastArticle).outOfOrder, $("scale").value);
      }
    });
    $("kind-text").addEventListener("change", showKind);
    $("kind-html").addEventListener("change", showKind);
    showKind();
    $("now").addEventListener("click", function () {
      $("reference-time").value = nowRfc3339();
    });
    $("normalise-form").addEventListener("submit", function (event) {
      event.preventDefault();
      normalise();
    });
    $("text").addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        normalise();
      }
    });
    Array.prototype.forEach.call(document.querySelectorAll("button.example"), function (button) {
      button.addEventListener("click", function () { loadExample(button); });
    });
    $("scale").addEventListener("change", function () {
      if (lastArticle) renderTimeline(lastArticle, annotate(lastText, lastArticle).outOfOrder, $("scale").value);
    });
    $("copy-json").addEventListener("click", function () {
      copyText($("json").textContent).then(function (ok) {
        $("copy-status").textContent = ok ? "Copied." : "Copy failed: select the text and copy it by hand.";
      });
    });
    document.body.classList.add("ready");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
