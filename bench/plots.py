"""PNG figures of the results (matplotlib, Agg backend: no display needed).

Every function returns the file name it wrote, or ``None`` when matplotlib is missing
(it is in the ``bench`` extra).

>>> available() in (True, False)
True
"""

from __future__ import annotations

from pathlib import Path


def available() -> bool:
    """Whether matplotlib can be imported."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def scaling_plot(data: dict, out: Path) -> str | None:
    """Log-log time against body size (both layouts) and against history entries."""
    if not available():
        return None
    plt = _pyplot()
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
    for layout, points in data["body"].items():
        kb = [p["bytes"] / 1024 for p in points]
        ms = [p["median_s"] * 1e3 for p in points]
        left.plot(kb, ms, marker="o", label=layout)
        # The linear reference: the largest page's time per KB, carried down to every size.
        slope = ms[-1] / kb[-1]
        left.plot(kb, [slope * k for k in kb], linestyle=":", color="grey", linewidth=1)
    left.set(xscale="log", yscale="log", xlabel="body size (KB)", ylabel="time per page (ms)")
    left.set_title("Time against body size (dotted: linear)")
    left.legend()
    left.grid(True, which="both", alpha=0.3)
    history = [p for p in data["history"] if p["size"] > 0]
    if history:
        right.plot(
            [p["size"] for p in history],
            [p["median_s"] * 1e3 for p in history],
            marker="o",
            color="tab:green",
        )
        right.set(xscale="log", yscale="log")
    right.set(xlabel="history entries", ylabel="time per page (ms)")
    right.set_title("Time against history entries")
    right.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    name = "scaling.png"
    fig.savefig(out / name, dpi=110)
    plt.close(fig)
    return name


def resolver_plot(data: dict, out: Path) -> str | None:
    """Time per string for both resolvers; point errors and our interval widths (CDFs)."""
    if not available() or "dateparser_s" not in data:
        return None
    plt = _pyplot()
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
    left.bar(
        ["ours", "dateparser"],
        [data["ours_s"] * 1e6, data["dateparser_s"] * 1e6],
        color=["tab:blue", "tab:orange"],
    )
    left.set(yscale="log", ylabel="µs per age string", title="Time per age string")
    styles = (
        (data["ours_error_s"], "ours: point error", "-", 4.0),
        (data["dateparser_error_s"], "dateparser: point error", "--", 1.5),
        (data.get("ours_width_s", []), "ours: interval width", ":", 1.5),
    )
    for values, label, style, width in styles:
        hours = sorted(v / 3600 for v in values)
        if hours:
            shares = [i / len(hours) for i in range(1, len(hours) + 1)]
            right.plot(hours, shares, style, linewidth=width, label=label)
    right.set(
        xscale="symlog",
        xlabel="hours",
        ylabel="share of strings",
        title="Point error and interval width, cumulative",
    )
    right.legend()
    right.grid(True, alpha=0.3)
    fig.tight_layout()
    name = "resolver.png"
    fig.savefig(out / name, dpi=110)
    plt.close(fig)
    return name


def http_plot(data: dict, out: Path) -> str | None:
    """Throughput (pages/s for batches, requests/s otherwise) and p50/p99 latency per endpoint."""
    runs = data.get("runs")
    if not available() or not runs:
        return None
    plt = _pyplot()
    names = [r["name"] for r in runs]
    y = list(range(len(runs)))
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5), sharey=True)
    rates = [r["pages_per_s"] for r in runs]
    left.barh(y, rates, color="tab:blue")
    for i, rate in enumerate(rates):
        left.annotate(f" {rate:,.0f}", (rate, i), va="center")
    left.set_yticks(y, names)
    left.set(xlabel="requests/s (batches: pages/s)", title="Throughput at 16 connections")
    left.set_xlim(0, max(rates) * 1.25 or 1)
    right.barh([i + 0.2 for i in y], [r["p50_ms"] for r in runs], height=0.4, label="p50")
    right.barh([i - 0.2 for i in y], [r["p99_ms"] for r in runs], height=0.4, label="p99")
    right.set(xscale="log", xlabel="latency (ms, log scale)", title="Latency")
    right.legend()
    fig.tight_layout()
    name = "http.png"
    fig.savefig(out / name, dpi=110)
    plt.close(fig)
    return name
