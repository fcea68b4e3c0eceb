#ifndef MARKETSIM_CGSL_SHIM_H
#define MARKETSIM_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_version.h>

/* Swift 6 refuses to read GSL's global generator-type variables as shared
   mutable state; these accessors hand them over as plain values. */
static inline const gsl_rng_type *cgsl_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_qrng_type *cgsl_qrng_sobol(void) { return gsl_qrng_sobol; }
static inline const gsl_qrng_type *cgsl_qrng_niederreiter_2(void) { return gsl_qrng_niederreiter_2; }

/* The version of the GSL library linked in (not of the headers compiled against). */
static inline const char *cgsl_library_version(void) { return gsl_version; }

#endif
