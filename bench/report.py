#!/usr/bin/env python3
"""Renders the Markdown report of bench/run from its work directory (results.txt, commands.txt, JFR output)."""
import os
import sys

work = sys.argv[1]
r = {}
with open(os.path.join(work, "results.txt"), encoding="utf-8") as f:
    for line in f:
        line = line.rstrip("\n")
        if "=" in line:
            k, v = line.split("=", 1)
            r[k] = v


def kv(text, prefix):
    """'PREFIX a=1 b=2' -> {'a': '1', 'b': '2'}"""
    out = {}
    if text and text.startswith(prefix):
        for part in text[len(prefix):].split():
            if "=" in part:
                k, v = part.split("=", 1)
                out[k] = v
    return out


def num(key, default=0.0):
    try:
        return float(r.get(key, default))
    except ValueError:
        return default


def ms(value):
    return value


def fmt_ms(value):
    return f"{value:,.1f} ms" if value < 100 else f"{value:,.0f} ms"


def ratio(a, b):
    return f"{a / b:.2f}x" if b else "n/a"


def verdict(ok):
    return "PASS" if ok else "**FAIL**"


events = int(num("run.events"))
rate = num("run.rate")
conns = int(num("run.connections"))

bare_before = num("bare.status_2xx") / num("bare.active_s", 1) if num("bare.active_s") else 0
bare_after = num("bare-after.status_2xx") / num("bare-after.active_s", 1) if num("bare-after.active_s") else 0
bare_rps = (bare_before + bare_after) / 2 if bare_after else bare_before
burst_accepted = num("burst.status_202")
burst_rps = burst_accepted / num("burst.active_s", 1) if num("burst.active_s") else 0
steady_rps = num("steady.status_2xx") / num("steady.active_s", 1) if num("steady.active_s") else 0
bare_steady_rps = num("bare-steady.status_2xx") / num("bare-steady.active_s", 1) if num("bare-steady.active_s") else 0

watch = kv(r.get("burst.watch", ""), "WATCH ")
ledger_ms = float(watch.get("ledger_ms", -1))
emails_ms = float(watch.get("emails_ms", -1))
ledger_rows = int(watch.get("ledger", 0))
emails = int(watch.get("emails", 0))
intake_ms = num("burst.intake_ms")
wall_ms = num("burst.wall_ms")
steady_drain = kv(r.get("steady.drain", ""), "WATCH ")

queue = kv(r.get("queue.voucherify.gift.balance_added", ""), "DRAIN ")
public_burst = int(queue.get("distinct.burst", 0))
public_burst_total = int(queue.get("phase.burst", 0))
dlq_erp = kv(r.get("queue.DLQ.voucherify.leg.erp", ""), "DRAIN ").get("total", "?")
dlq_email = kv(r.get("queue.DLQ.voucherify.leg.email", ""), "DRAIN ").get("total", "?")

# Drain rate of each leg after the intake finished, from the progress samples
progress = []
try:
    with open(os.path.join(work, "burst-progress.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            t, l, e, rss = line.split()
            progress.append((int(t), int(l), int(e), int(rss)))
except (OSError, StopIteration, ValueError):
    pass


def leg_rates(index, done_ms):
    """(events/s over the whole burst, events/s after the intake ended)"""
    if not progress:
        return None, None
    last_t, last_count = progress[-1][0], progress[-1][index]
    end_t = done_ms if done_ms >= 0 else last_t
    overall = last_count / (end_t / 1000.0) if end_t > 0 else None
    at_intake = [p for p in progress if p[0] <= intake_ms]
    start_t, start_count = (at_intake[-1][0], at_intake[-1][index]) if at_intake else (0, 0)
    after = (last_count - start_count) / ((end_t - start_t) / 1000.0) if end_t > start_t and last_count > start_count else None
    return overall, after


erp_overall, erp_after = leg_rates(1, ledger_ms)
email_overall, email_after = leg_rates(2, emails_ms)

vmhwm_mb = num("memory.vmhwm_kb") / 1024.0
heap = r.get("run.heap", "256m")
heap_mb = float(heap[:-1]) * (1024 if heap.lower().endswith("g") else 1) if heap[-1].lower() in "mg" else 0
oom = int(num("memory.oom"))
startup_ms = num("startup.ms")


def time_to(value_ms, count):
    if value_ms >= 0:
        return f"{value_ms / 1000.0:,.1f} s"
    return f"not reached in {wall_ms / 1000.0:,.0f} s ({count:,} of {events:,} arrived)"


def rate_text(v):
    return f"{v:,.0f} events/s" if v else "n/a"


L = []
w = L.append
w(f"# Benchmark: {r.get('run.mode')} neighbours, {events:,}-event burst")
w("")
w(f"{r.get('run.date')}, commit {r.get('run.commit')}, {r.get('run.jar')}. Command: `{r.get('run.argv')}`.")
w("")
w("## Machine")
w("")
w("| | |\n|---|---|")
w(f"| cores (nproc) | {r.get('machine.nproc')} ({r.get('machine.cpu')}) |")
w(f"| memory | {r.get('machine.memory')} |")
w(f"| java | {r.get('machine.java')} |")
w(f"| kernel | {r.get('machine.kernel')} |")
w(f"| load generator | {r.get('machine.wrk')}, {r.get('run.threads')} threads, {conns} connections, bench/webhooks.lua |")
w(f"| load average at start / end | {r.get('machine.loadavg_start')} / {r.get('machine.loadavg_end')} (shared machine: compare ratios, not absolutes) |")
w(f"| broker | {r.get('setup.broker')} |")
w(f"| databases | {r.get('setup.databases')} |")
w(f"| SMTP | {r.get('setup.smtp')} |")
w("")
w("## Application JVM")
w("")
w(f"- flags given: `{r.get('jvm.command_line', '').strip()}`")
w(f"- flags in effect (`jcmd <pid> VM.flags`): `{r.get('jvm.flags', '').strip()}`")
w("")
w("## Results")
w("")
w("Each figure next to a baseline measured in the same run: the bare route (`platform-http:/bench/bare`, a fixed text "
  "answer, same server, same bodies POSTed) under the same load.")
w("")
w("| measure | this run | same-run baseline | ratio | target | |")
w("|---|---|---|---|---|---|")
intake_ratio = burst_rps / bare_rps if bare_rps else 0
w(f"| intake throughput, {conns} connections (accepted webhooks/s during the burst) | {burst_rps:,.0f}/s "
  f"({int(burst_accepted):,} accepted in {num('burst.active_s'):.1f} s) | bare route {bare_rps:,.0f} req/s"
  f"{f' (mean of {bare_before:,.0f} before and {bare_after:,.0f} after the burst)' if bare_after else ''} | "
  f"{ratio(burst_rps, bare_rps)} | ≥ 0.30x | {verdict(intake_ratio >= 0.3)} |")
for p in ("50", "95", "99"):
    v, b = ms(num(f"burst.lat_p{p}_ms")), ms(num(f"bare.lat_p{p}_ms"))
    target = "≤ 50 ms" if p == "99" else ""
    ok = verdict(v <= 50) if p == "99" else ""
    w(f"| ack latency p{p} at saturation ({conns} connections) | {fmt_ms(v)} | bare {fmt_ms(b)} | {ratio(v, b)} | {target} | {ok} |")
v, b = ms(num("burst.lat_max_ms")), ms(num("bare.lat_max_ms"))
w(f"| ack latency max at saturation | {fmt_ms(v)} | bare {fmt_ms(b)} | {ratio(v, b)} | | |")
w(f"| steady rate achieved | {steady_rps:,.0f} req/s ({int(num('steady.status_202')):,} accepted) | bare {bare_steady_rps:,.0f} req/s | | ~{rate:.0f} req/s | |")
for p in ("50", "95", "99"):
    v, b = ms(num(f"steady.lat_p{p}_ms")), ms(num(f"bare-steady.lat_p{p}_ms"))
    target = "≤ 20 ms" if p == "99" else ""
    ok = verdict(v <= 20) if p == "99" else ""
    w(f"| ack latency p{p} at {rate:.0f} req/s | {fmt_ms(v)} | bare {fmt_ms(b)} | {ratio(v, b)} | {target} | {ok} |")
v, b = ms(num("steady.lat_max_ms")), ms(num("bare-steady.lat_max_ms"))
w(f"| ack latency max at {rate:.0f} req/s | {fmt_ms(v)} | bare {fmt_ms(b)} | {ratio(v, b)} | | |")
busy_rps = num("busy.status_2xx") / num("busy.active_s", 1) if num("busy.active_s") else 0
backlog_done = (r.get("busy.backlog_done_at_end", "0 0").split() + ["0", "0"])[:2]
backlog_n = int(num("run.backlog"))
w(f"| steady with the legs busy ({r.get('run.busy', '')}; a backlog of {backlog_n:,} before it: ledger rows / emails of it "
  f"done when the run ended {int(backlog_done[0]):,} / {int(backlog_done[1]):,}) | {busy_rps:,.0f} accepted/s | "
  f"bare {num('bare-busy.status_2xx') / max(num('bare-busy.active_s'), 0.001):,.0f} req/s | | | |")
for p in ("50", "95", "99"):
    v, b = ms(num(f"busy.lat_p{p}_ms")), ms(num(f"bare-busy.lat_p{p}_ms"))
    target = "≤ 20 ms" if p == "99" else ""
    ok = verdict(v <= 20) if p == "99" else ""
    w(f"| ack latency p{p}, steady with the legs busy | {fmt_ms(v)} | bare {fmt_ms(b)} | {ratio(v, b)} | {target} | {ok} |")
v, b = ms(num("busy.lat_max_ms")), ms(num("bare-busy.lat_max_ms"))
w(f"| ack latency max, steady with the legs busy | {fmt_ms(v)} | bare {fmt_ms(b)} | {ratio(v, b)} | | |")
w(f"| burst: every event on the public queue (committed with the 202) | {intake_ms / 1000.0:,.1f} s | | | | |")
w(f"| burst: every ERP ledger row | {time_to(ledger_ms, ledger_rows)} | intake {intake_ms / 1000.0:,.1f} s | "
  f"{ratio(ledger_ms, intake_ms) if ledger_ms >= 0 else 'n/a'} | | |")
email_target = f"≤ 30 s for 10,000" if events == 10000 else f"≤ 30 s for 10,000 (this run: {events:,})"
email_ok = verdict(0 <= emails_ms <= 30000) if events == 10000 else "n/a"
w(f"| burst: every email received by the SMTP server | {time_to(emails_ms, emails)} | intake {intake_ms / 1000.0:,.1f} s | "
  f"{ratio(emails_ms, intake_ms) if emails_ms >= 0 else 'n/a'} | {email_target} | {email_ok} |")
w(f"| ERP leg drain rate (whole burst / after the intake ended) | {rate_text(erp_overall)} / {rate_text(erp_after)} | "
  f"intake {burst_rps:,.0f}/s | {ratio(erp_overall or 0, burst_rps)} | | |")
w(f"| email leg drain rate (whole burst / after the intake ended) | {rate_text(email_overall)} / {rate_text(email_after)} | "
  f"intake {burst_rps:,.0f}/s | {ratio(email_overall or 0, burst_rps)} | | |")
loss_ok = ledger_rows == events and emails == events and public_burst == events
w(f"| zero loss: ledger rows / public-queue messages (distinct) / emails (distinct) | {ledger_rows:,} / "
  f"{public_burst:,} ({public_burst_total:,} messages) / {emails:,} | {events:,} sent | | all equal | {verdict(loss_ok)} |")
w(f"| dead letters (ERP / email DLQ), parked log lines | {dlq_erp} / {dlq_email}, {r.get('app.parked')} | | | 0 | "
  f"{verdict(dlq_erp == '0' and dlq_email == '0')} |")
bare_cpu_ms = num("bare.app_cpu_s") * 1000 / num("bare.status_2xx", 1) if num("bare.status_2xx") else 0
event_cpu_ms = num("burst.app_cpu_total_s") * 1000 / events if events else 0
intake_cpu_ms = num("burst.app_cpu_s") * 1000 / max(burst_accepted, 1)
w(f"| application CPU per event, end to end (burst: intake, both legs{', embedded broker, H2 and GreenMail' if r.get('run.mode') == 'embedded' else ''}) | "
  f"{event_cpu_ms:,.1f} ms ({num('burst.app_cpu_total_s'):,.1f} CPU-s for {events:,}) | bare request {bare_cpu_ms:,.3f} ms | "
  f"{ratio(event_cpu_ms, bare_cpu_ms)} | {'≤ 3.5 ms' if r.get('run.mode') == 'embedded' else ''} | "
  f"{verdict(event_cpu_ms <= 3.5) if r.get('run.mode') == 'embedded' else ''} |")
w(f"| application CPU during the burst's intake, per accepted webhook (legs already running) | {intake_cpu_ms:,.1f} ms | "
  f"bare request {bare_cpu_ms:,.3f} ms | {ratio(intake_cpu_ms, bare_cpu_ms)} | | |")
bare_wall = max(num("bare.duration_s"), 0.001)
w(f"| generator headroom: CPU used during the bare run, wrk / application (cores, of {r.get('machine.nproc')}) | "
  f"wrk {num('bare.wrk_cpu_s') / bare_wall:.2f} / app {num('bare.app_cpu_s') / bare_wall:.2f} | | | wrk well below {r.get('run.threads')} cores | "
  f"{verdict(num('bare.wrk_cpu_s') / bare_wall < 0.9 * float(r.get('run.threads', 2)))} |")
w(f"| peak RSS of the application (VmHWM) | {vmhwm_mb:,.0f} MB | -Xmx{heap} | {ratio(vmhwm_mb, heap_mb)} | ≤ 400 MB | {verdict(vmhwm_mb <= 400)} |")
w(f"| OutOfMemoryError in the log | {oom} | | | 0 | {verdict(oom == 0)} |")
w(f"| start-up (process start → /actuator/health 200) | {startup_ms / 1000.0:,.1f} s | | | ≤ 6 s | {verdict(startup_ms <= 6000)} |")
w("")
w("Details:")
w("")
w(f"- Spring's own start-up line: `{r.get('startup.spring', '')}`")
w(f"- steady phase: its legs finished {steady_drain.get('ledger_ms', '?')} ms (ERP) and {steady_drain.get('emails_ms', '?')} ms (email) "
  f"after the steady run ended (then the burst started).")
w(f"- burst watch: `{r.get('burst.watch', '')}`; the whole burst phase took {wall_ms / 1000.0:,.1f} s; "
  f"per-second progress in `target/benchmark-burst-progress.tsv`.")
if r.get("app.exit"):
    w(f"- **the application exited during the run: {r.get('app.exit')}**; the figures after that point are what had arrived.")
w(f"- application log: {int(num('app.errors'))} ERROR, {int(num('app.warns'))} WARN lines, "
  f"{int(num('app.already_sent'))} 'already sent', {int(num('app.log_bytes')) / 1e6:,.1f} MB; heap at the end: `{r.get('memory.heap_info', '')}`; alive at the end: {r.get('app.alive')}.")
if r.get("smtp.messages"):
    w(f"- SMTP sink: {int(num('smtp.messages')):,} messages over {int(num('smtp.connections')):,} connections "
      f"({num('smtp.messages') / max(num('smtp.connections'), 1):.2f} messages per connection), "
      f"{int(num('smtp.distinct')):,} distinct recipients.")
w(f"- public queue drained after the burst: `{r.get('queue.voucherify.gift.balance_added', '')}`")
for phase in ("warmup-bare", "warmup", "bare", "bare-steady", "steady", "backlog", "bare-busy", "busy", "burst", "bare-after"):
    errs = [f"{k}={r.get(f'{phase}.err_{k}')}" for k in ("connect", "read", "write", "status", "timeout")
            if r.get(f"{phase}.err_{k}", "0") != "0"]
    other = r.get(f"{phase}.status_other", "0")
    extra = []
    if errs:
        extra.append("socket errors " + ", ".join(errs))
    if other != "0":
        extra.append(f"{other} unexpected statuses")
    if r.get(f"{phase}.exhausted", "0") != "0" and phase in ("steady",):
        extra.append("ran out of bodies (raise --duration bodies)")
    w(f"- wrk `{phase}`: {int(num(f'{phase}.requests')):,} requests in {num(f'{phase}.duration_s'):.1f} s "
      f"(active {num(f'{phase}.active_s'):.1f} s), 2xx {int(num(f'{phase}.status_2xx')):,}, 202 {int(num(f'{phase}.status_202')):,}"
      f"{'; ' + '; '.join(extra) if extra else ''}; load average after: {r.get(f'{phase}.loadavg')}")
w("")
nmt = os.path.join(work, "nmt.txt")
if os.path.exists(nmt):
    w("## Native memory after the burst (`jcmd <pid> VM.native_memory summary scale=MB`)")
    w("")
    w("```")
    with open(nmt, encoding="utf-8") as f:
        for line in f:
            if line.startswith("Total") or (line.startswith("-") and "reserved=" in line):
                w(line.rstrip("\n"))
    w("```")
    w("")
w("## Commands")
w("")
w("```")
with open(os.path.join(work, "commands.txt"), encoding="utf-8") as f:
    for line in f:
        w(line.rstrip("\n"))
w("```")
w("")
hot = os.path.join(work, "jfr-hot.md")
if os.path.exists(hot):
    w("## JFR during the burst: where the time goes")
    w("")
    summary = os.path.join(work, "jfr-summary.txt")
    if os.path.exists(summary):
        w("`jfr summary` (selected events):")
        w("")
        w("```")
        with open(summary, encoding="utf-8") as f:
            for line in f:
                if any(x in line for x in ("Start:", "Duration:", "jdk.ExecutionSample", "jdk.NativeMethodSample",
                                           "jdk.FileForce", "jdk.SocketRead ", "jdk.ThreadPark", "jdk.JavaMonitorEnter",
                                           "jdk.GarbageCollection ", "jdk.ObjectAllocationSample")):
                    w(line.rstrip("\n"))
        w("```")
        w("")
    with open(hot, encoding="utf-8") as f:
        w(f.read().rstrip("\n"))
    w("")
print("\n".join(L))
