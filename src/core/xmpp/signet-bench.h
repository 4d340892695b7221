/* signet-bench.h
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Phase marks for the benchmarks in tests/bench/: with SIGNET_BENCH=1 in
 * the environment, each mark prints "MARK <phase> <CLOCK_MONOTONIC µs>" on
 * standard error, the format the reference clients print too, so that a
 * bench can split a run into phases.  Without it a mark costs one load and
 * one compare.  Internal to the core; never in signet-core.h. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void signet_bench_mark (const char *phase);

G_END_DECLS
