/* SPDX-License-Identifier: ISC */
/*
 * HTTP downloads through libcurl: TLS verified, redirects, proxies from the
 * usual variables, timeouts, retries with backoff, resume by Range, and
 * conditional requests (ETag / Last-Modified).
 */
#ifndef MEDIFLUX_HTTP_FETCH_H
#define MEDIFLUX_HTTP_FETCH_H

#include <stddef.h>
#include <stdint.h>

struct progress;

/* How patient a download is: MEDIFLUX_HTTP_TIMEOUT, _RETRIES, _BACKOFF_MS. */
struct http_settings {
	long	timeout_s;	/* connect timeout, and longest stall of a body */
	int	retries;	/* further attempts after a transient failure */
	long	backoff_ms;	/* first wait before a retry, doubled each time */
};

struct http_request {
	const char		*url;
	const char		*etag;		/* If-None-Match, or NULL */
	const char		*last_modified;	/* If-Modified-Since, or NULL */
	const char		*name;		/* shown by the progress */
	struct progress		*progress;
};

struct http_response {
	long		 status;	/* 200 (body in the fd) or 304 */
	int64_t		 size;		/* bytes in the fd */
	char		*etag;
	char		*last_modified;
	char		*content_type;
	int		 requests;	/* made, retries and resumes included */
};

/* Initialises libcurl once for the process. */
int	http_init(char **cause);
void	http_settings_from_env(struct http_settings *);

/*
 * GETs req->url into fd (empty, seekable), retrying transient failures and
 * resuming a cut body; on 304 the fd stays empty. Anything but 200/206/304 is
 * an error naming the URL.
 */
int	http_fetch_fd(const struct http_settings *, const struct http_request *,
	    int fd, struct http_response *, char **cause);

/* GETs a small document (an API answer) into memory, NUL-terminated, at most max bytes. */
int	http_fetch_memory(const struct http_settings *, const char *url,
	    size_t max, char **body, size_t *len, char **cause);

void	http_response_free(struct http_response *);

/*
 * Checks the file in fd against what its publisher says: size (-1: not said)
 * and a checksum of type sha256, sha1 or md5 (NULL: not said); also gives
 * the file's SHA-256.
 */
int	http_verify_fd(int fd, int64_t size, const char *type, const char *value,
	    const char *url, char sha256[65], char **cause);

#endif
