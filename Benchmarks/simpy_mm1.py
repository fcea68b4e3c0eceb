"""The M/M/1 queue of Benchmarks/MarketsimBenchmarks/MM1Benchmark.swift in SimPy.

Same model (lambda 0.9, mu 1.0, FIFO, one server), the idiomatic SimPy way: a source
process creates one process per customer, which requests a Resource and holds it for
an exponential service time. Two seeded streams (arrivals, service). Prints one
key=value line like the Swift harness: best of the repetitions, customers per second,
and the mean wait in queue (analytic 9.0) so a broken run cannot pass for a fast one.
"""

import argparse
import random
import time

import simpy


def run(customers: int, seed: int) -> float:
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)
    arrivals = random.Random(seed)
    service = random.Random(seed + 1)
    waits = [0.0, 0]

    def customer(env):
        arrived = env.now
        with server.request() as request:
            yield request
            waits[0] += env.now - arrived
            waits[1] += 1
            yield env.timeout(service.expovariate(1.0))

    def source(env):
        for _ in range(customers):
            env.process(customer(env))
            yield env.timeout(arrivals.expovariate(0.9))

    env.process(source(env))
    env.run()
    return waits[0] / waits[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20260101)
    args = parser.parse_args()

    best = float("inf")
    mean_wait = float("nan")
    for _ in range(args.repetitions):
        start = time.perf_counter()
        mean_wait = run(args.customers, args.seed)
        best = min(best, time.perf_counter() - start)
    print(
        f"simpy version={simpy.__version__} customers={args.customers} best_seconds={best}"
        f" customers_per_second={int(args.customers / best)} mean_wait={mean_wait}"
    )


if __name__ == "__main__":
    main()
