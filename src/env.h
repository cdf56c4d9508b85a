/* SPDX-License-Identifier: ISC */
/* Settings read from the environment (MEDIFLUX_HTTP_TIMEOUT and the like). */
#ifndef MEDIFLUX_ENV_H
#define MEDIFLUX_ENV_H

/* A whole number from the environment, or def when unset or not one from min to max. */
long	env_long(const char *name, long def, long min, long max);

#endif
