"""CLV of millions of customers with Dask: summary, compression, one fit, predictions.

    PYTHONPATH=build/dev/python /usr/bin/python3 python/examples/dask_clv.py
    ... --customers 200000 --workers 1            # smaller / one worker
    ... --scheduler tcp://scheduler:8786          # a real cluster: same code, no LocalCluster

Generates a synthetic transaction log on the workers (northstar.clv.simulate_bg_nbd per partition,
CDNOW parameters), then runs northstar.dask: a distributed group-by to per-customer (x, t_x, T,
mean spend), compression to weighted (x, t_x, T) patterns, one BG/NBD and one Gamma-Gamma fit on
the driver, and CLV per partition with map_partitions. Prints the fits, the top CLVs and timings.
"""
import argparse
import time

import dask.dataframe  # noqa: F401  (fail early without dask[dataframe])
from distributed import Client, LocalCluster

import northstar.dask as nd


def run(client, customers, partitions, seed=42, quiet=False):
    """The pipeline; returns (timings dict, fit, spend fit, top CLV frame)."""
    say = (lambda *a: None) if quiet else print
    times = {}
    t0 = time.perf_counter()
    transactions = nd.synthetic_transactions(customers, partitions=partitions, seed=seed,
                                             calibration_end="2024-12-31")
    summary = nd.summarize(transactions, calibration_end="2024-12-31", unit="weeks").persist()
    n = len(summary)
    times["summary"] = time.perf_counter() - t0
    say(f"summary: {n:,} customers in {summary.npartitions} partitions, {times['summary']:.1f} s")

    t = time.perf_counter()
    patterns = nd.compress(summary)
    times["compress"] = time.perf_counter() - t
    say(f"compress: {len(patterns):,} distinct (x, t_x, T) patterns, {times['compress']:.1f} s")

    t = time.perf_counter()
    fit = nd.fit(patterns, model="bg_nbd")
    # Gamma-Gamma's L-BFGS can stop just short of the default gradient criterion (1e-7) on
    # large samples: report it instead of failing.
    spend = nd.fit_spend(summary, throw_on_failure=False)
    times["fit"] = time.perf_counter() - t
    se = fit.standard_errors
    say(f"BG/NBD: r={fit.params.r:.4f} ({se.r:.4f}) alpha={fit.params.alpha:.4f} ({se.alpha:.4f}) "
        f"a={fit.params.a:.4f} ({se.a:.4f}) b={fit.params.b:.4f} ({se.b:.4f}) "
        f"LL={fit.report.log_likelihood:.1f} iterations={fit.report.iterations}")
    say(f"Gamma-Gamma: p={spend.params.p:.4f} q={spend.params.q:.4f} gamma={spend.params.gamma:.4f} "
        f"on {spend.patterns:,} repeat customers; fits {times['fit']:.1f} s")
    if not spend.report.converged:
        say(f"  (Gamma-Gamma: {spend.report.reason})")

    t = time.perf_counter()
    scored = nd.predict(summary, fit.params, spend=spend.params, t=52.0)
    top = scored.nlargest(10, "clv").compute()
    total = scored["clv"].sum().compute()
    times["predict"] = time.perf_counter() - t
    times["total"] = time.perf_counter() - t0
    say(f"predict: total CLV {total:,.0f} over {n:,} customers, {times['predict']:.1f} s")
    say("top 10 CLV (12 months of 4.345 weeks at 1%/month):")
    say(top[["id", "frequency", "recency", "age", "monetary", "probability_alive", "clv"]]
        .to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    say(f"wall time: {times['total']:.1f} s")
    return times, fit, spend, top


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=2_000_000)
    parser.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes")
    parser.add_argument("--partitions", type=int, default=16)
    parser.add_argument("--scheduler", default=None, help="address of a running scheduler (no LocalCluster)")
    args = parser.parse_args()
    if args.scheduler:
        with Client(args.scheduler) as client:
            run(client, args.customers, args.partitions)
        return
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        print(f"LocalCluster: {args.workers} worker processes on 127.0.0.1, {args.customers:,} customers")
        run(client, args.customers, args.partitions)


if __name__ == "__main__":
    main()
