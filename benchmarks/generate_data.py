#!/usr/bin/env python3
"""OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`: a plant at scale, ending at END.

    generate_data.py END OUT [--queues N] [--components N]

- every metric of the contract the overview and drill-downs read, with N queues (default 10,000: the
  "10,000-series drill-down") and N components (default 5,000), a sample a minute over the 20 minutes before
  END (enough for rate()[5m]);
- bench_vector: 10,000 series, a sample a minute over the last 5 minutes (a 10,000-series vector answer);
- bench_matrix: 100 series, a sample a minute over the 24 hours before END (100 x 1,441 points from
  query_range with a 60 s step).
Values are random floats, written as Prometheus writes them (shortest repr, often 16-17 digits).
"""
import argparse
import random


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("end", type=int)
    parser.add_argument("out")
    parser.add_argument("--queues", type=int, default=10000)
    parser.add_argument("--components", type=int, default=5000)
    args = parser.parse_args()
    rng = random.Random(8)
    end = args.end
    recent = [end - 60 * k for k in range(20, -1, -1)]
    lines = []

    def gauge(name, label, names, value, times=recent):
        lines.append("# TYPE %s gauge" % name)
        for member in names:
            base = value(member)
            for t in times:
                lines.append('%s{%s="%s"} %r %d' % (name, label, member, base * (0.9 + 0.2 * rng.random()), t))

    def counter(name, labels_list, rate):
        lines.append("# TYPE %s counter" % name)
        for labels in labels_list:
            total = 0.0
            per_second = rate(labels)
            for t in recent:
                total += per_second * 60 * (0.8 + 0.4 * rng.random())
                lines.append("%s_total{%s} %r %d" % (name, labels, total, t))

    queues = ["q%05d" % i for i in range(args.queues)]
    components = ["c%05d" % i for i in range(args.components)]
    services = ["svc%02d" % i for i in range(20)]
    pools = ["pool%02d" % i for i in range(10)]
    slos = ["slo%02d" % i for i in range(10)]

    gauge("tps_jidoka_circuit_state", "component", components[:200], lambda c: 0.0)
    gauge("tps_kanban_queue_depth", "queue_name", queues, lambda q: rng.random() * 900)
    gauge("tps_kanban_dlq_depth", "queue_name", queues, lambda q: rng.random() * 5)
    gauge("tps_kanban_workers_available", "queue_name", queues, lambda q: rng.random() * 20)
    gauge("tps_kanban_queue_utilization", "queue_name", queues, lambda q: rng.random())
    counter("tps_andon_requests", ['service="%s"' % s for s in services], lambda l: 100.0)
    counter("tps_andon_errors", ['service="%s",error_type="timeout"' % s for s in services], lambda l: 0.05)
    gauge("tps_kaizen_slo_attainment", "slo_name", slos, lambda s: 0.97 + 0.02 * rng.random())
    gauge("tps_heijunka_pool_utilization", "pool_name", pools, lambda p: 0.3 + 0.3 * rng.random())
    gauge("tps_tracing_component_latency_seconds", "component", components, lambda c: rng.random())
    # The latency histogram: per component, cumulative buckets that grow every minute.
    lines.append("# TYPE tps_tracing_duration_seconds histogram")
    bounds = ["0.1", "0.5", "1.0", "+Inf"]
    for component in components:
        counts = [0.0] * len(bounds)
        total = 0.0
        rows = {b: [] for b in bounds}
        sums, totals = [], []
        for t in recent:
            new = rng.randint(50, 150)
            shares = [0.6, 0.3, 0.08, 0.02]
            running = 0.0
            for i, b in enumerate(bounds):
                running += new * shares[i]
                counts[i] += running
                rows[b].append((counts[i], t))
            total += new * 0.2
            sums.append((total, t))
            totals.append((counts[-1], t))
        labels = 'component="%s",endpoint="/api"' % component
        for b in bounds:
            for value, t in rows[b]:
                lines.append('tps_tracing_duration_seconds_bucket{%s,le="%s"} %r %d' % (labels, b, value, t))
        for value, t in sums:
            lines.append("tps_tracing_duration_seconds_sum{%s} %r %d" % (labels, value, t))
        for value, t in totals:
            lines.append("tps_tracing_duration_seconds_count{%s} %r %d" % (labels, value, t))
    gauge("bench_vector", "series", ["s%05d" % i for i in range(10000)], lambda s: rng.random() * 100,
          times=[end - 60 * k for k in range(5, -1, -1)])
    gauge("bench_matrix", "series", ["m%03d" % i for i in range(100)], lambda s: rng.random() * 100,
          times=[end - 60 * k for k in range(1440, -1, -1)])
    # 10,000 metric names of a series each: what detection's one request is measured against.
    for i in range(10000):
        gauge("bench_name_%05d" % i, "series", ["x"], lambda s: 1.0, times=[end - 60, end])
    lines.append("# EOF")
    with open(args.out, "w") as out:
        out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
