#ifndef MARKETSIM_CEXP_H
#define MARKETSIM_CEXP_H

#include <stddef.h>

/// Replaces each of the `count` values v[k] by exp(v[k] - shift) and returns their sum,
/// added in index order. `shift` is at least every value (a logit takes their maximum)
/// and `lowest` is the least of them (the loop that found the maximum has it): they
/// tell whether any value needs the C library's checked path. The exponential is
/// glibc's (2.28 and later: Arm's optimized-routines algorithm, its 128-entry table and
/// degree-5 polynomial), inlined in the loop, with fused multiply-adds exactly where
/// glibc's build for this CPU has them, so the results are glibc's bit for bit (see exp.c).
double marketsim_exp_shifted_sum(double *values, ptrdiff_t count, double shift, double lowest);

/// The exponential `marketsim_exp_shifted_sum` takes, for one value (what its tests compare).
double marketsim_exp(double x);

/// Which variant this CPU runs: 2 fused multiply-adds (AVX2 and FMA), 1 separate
/// multiplies and adds, 0 the C library's exp itself (a CPU where glibc fuses with
/// FMA4, or a platform other than x86-64).
int marketsim_exp_variant(void);

/// The same exponential forced to one variant, for the tests: 2 fused (only where
/// `marketsim_exp_variant()` is 2), 1 unfused.
double marketsim_exp_with_variant(double x, int variant);

#endif
