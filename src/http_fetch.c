/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "dynlib.h"
#include "env.h"
#include "http_fetch.h"
#include "i18n.h"
#include "progress.h"
#include "xmalloc.h"

/* Defaults of struct http_settings, for a monthly unattended run. */
#define HTTP_TIMEOUT_S		60
#define HTTP_RETRIES		4
#define HTTP_BACKOFF_MS		2000

/* What one transfer collects; reset before each attempt. */
struct http_state {
	CURL		*curl;
	int		 fd;		/* -1: into mem */
	char		*mem;
	size_t		 memlen, memmax;
	int64_t		 written;	/* bytes in fd (the resume point) */
	int		 first;		/* no body byte seen yet in this attempt */
	int		 discard;	/* an error status: its body is not the file */
	char		*fatal;		/* why the body was refused, not worth a retry */
	char		*etag, *last_modified, *content_type;
	const struct http_request *req;
	int		 progress_started;
};

/* libcurl once loaded and initialised by http_init. */
static const struct dynlib_curl *http_curl;

int
http_init(char **cause)
{
	const struct dynlib_curl *lib;
	CURLcode rc;

	if (http_curl != NULL)
		return 0;
	if ((lib = dynlib_curl(cause)) == NULL)
		return -1;
	if ((rc = lib->global_init(CURL_GLOBAL_DEFAULT)) != CURLE_OK)
		return error_set(cause, "libcurl: %s", lib->easy_strerror(rc));
	http_curl = lib;
	return 0;
}

void
http_settings_from_env(struct http_settings *s)
{
	s->timeout_s = env_long("MEDIFLUX_HTTP_TIMEOUT", HTTP_TIMEOUT_S, 1, 3600);
	s->retries = (int)env_long("MEDIFLUX_HTTP_RETRIES", HTTP_RETRIES, 0, 20);
	s->backoff_ms = env_long("MEDIFLUX_HTTP_BACKOFF_MS", HTTP_BACKOFF_MS, 0,
	    600000);
}

/* Replaces *slot with a header's value, trimmed. */
static void
http_keep_header(char **slot, const char *value, size_t len)
{
	while (len > 0 && (*value == ' ' || *value == '\t')) {
		value++;
		len--;
	}
	while (len > 0 && (value[len - 1] == '\r' || value[len - 1] == '\n' ||
	    value[len - 1] == ' '))
		len--;
	free(*slot);
	*slot = xmalloc(len + 1);
	memcpy(*slot, value, len);
	(*slot)[len] = '\0';
}

/* Keeps the validators and type of the last response (a redirect's are dropped). */
static size_t
http_header_cb(char *line, size_t size, size_t n, void *arg)
{
	struct http_state *st = arg;
	size_t len = size * n;
	static const struct {
		const char	*name;
		size_t		 off;
	} keep[] = {
		{ "etag:", offsetof(struct http_state, etag) },
		{ "last-modified:", offsetof(struct http_state, last_modified) },
		{ "content-type:", offsetof(struct http_state, content_type) },
	};
	size_t i, k;

	if (len >= 5 && strncmp(line, "HTTP/", 5) == 0) {
		free(st->etag);
		free(st->last_modified);
		free(st->content_type);
		st->etag = st->last_modified = st->content_type = NULL;
		return len;
	}
	for (i = 0; i < sizeof keep / sizeof keep[0]; i++) {
		k = strlen(keep[i].name);
		if (len > k && strncasecmp(line, keep[i].name, k) == 0)
			http_keep_header((char **)((char *)st + keep[i].off),
			    line + k, len - k);
	}
	return len;
}

/* Writes the whole buffer at off. */
static int
http_pwrite_all(int fd, const char *buf, size_t len, int64_t off)
{
	ssize_t n;

	while (len > 0) {
		n = pwrite(fd, buf, len, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
		off += n;
	}
	return 0;
}

/* Checks, at its first byte, that a body is the file asked for. */
static int
http_body_start(struct http_state *st)
{
	long status = 0;

	st->first = 0;
	http_curl->easy_getinfo(st->curl, CURLINFO_RESPONSE_CODE, &status);
	if (status != 200 && status != 206) {
		st->discard = 1;
		return 0;
	}
	/* A server that ignored our Range sends the whole file again. */
	if (status == 200 && st->written > 0) {
		if (st->fd >= 0 && ftruncate(st->fd, 0) != 0) {
			st->fatal = xasprintf(_("cannot empty the temporary "
			    "file: %s"), strerror(errno));
			return -1;
		}
		st->written = 0;
		st->memlen = 0;
	}
	/* A login page, an error page or a portal answered instead of a file. */
	if (st->fd >= 0 && st->content_type != NULL &&
	    strncasecmp(st->content_type, "text/html", 9) == 0) {
		st->fatal = xasprintf(_("an HTML page (Content-Type %s), not a "
		    "data file"), st->content_type);
		return -1;
	}
	return 0;
}

static size_t
http_write_cb(char *buf, size_t size, size_t n, void *arg)
{
	struct http_state *st = arg;
	size_t len = size * n;

	if (st->first && http_body_start(st) != 0)
		return 0;
	if (st->discard)
		return len;
	if (st->fd >= 0) {
		if (http_pwrite_all(st->fd, buf, len, st->written) != 0) {
			st->fatal = xasprintf(
			    _("writing the temporary file: %s"),
			    strerror(errno));
			return 0;
		}
	} else {
		if (st->memlen + len > st->memmax) {
			st->fatal = xasprintf(_("more than %zu bytes: not what "
			    "was expected"), st->memmax);
			return 0;
		}
		st->mem = xreallocarray(st->mem, st->memlen + len + 1, 1);
		memcpy(st->mem + st->memlen, buf, len);
		st->mem[st->memlen + len] = '\0';
		st->memlen += len;
	}
	st->written += (int64_t)len;
	return len;
}

static int
http_xferinfo_cb(void *arg, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	struct http_state *st = arg;
	int64_t base = st->written - (int64_t)dlnow;

	(void)ultotal;
	(void)ulnow;
	if (st->req == NULL || st->req->progress == NULL || st->discard)
		return 0;
	if (!st->progress_started && dltotal > 0) {
		progress_start(st->req->progress, st->req->name != NULL ?
		    st->req->name : st->req->url, (uint64_t)(base + dltotal));
		st->progress_started = 1;
	}
	if (st->progress_started)
		progress_update(st->req->progress, (uint64_t)st->written, 0);
	return 0;
}

/* Whether a failed transfer may succeed if tried again. */
static int
http_transient(CURLcode rc, long status)
{
	if (rc == CURLE_OK)
		return status >= 500 || status == 408 || status == 429;
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_PARTIAL_FILE:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return 1;
	default:
		return 0;
	}
}

/*
 * What went wrong with a transfer, in the user's language for the failures
 * a user meets (a host, a connection, a certificate, a time limit); else
 * libcurl's own words, which name the case more precisely than a sentence
 * of ours could.
 */
static const char *
http_error_text(CURLcode rc, const char *errbuf)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		return _("host not found");
	case CURLE_COULDNT_RESOLVE_PROXY:
		return _("proxy not found");
	case CURLE_COULDNT_CONNECT:
		return _("cannot connect to the server");
	case CURLE_OPERATION_TIMEDOUT:
		return _("the transfer was too slow or stalled");
	case CURLE_PEER_FAILED_VERIFICATION:
		return _("the server's certificate cannot be trusted");
	case CURLE_SSL_CONNECT_ERROR:
		return _("the secure connection failed");
	case CURLE_GOT_NOTHING:
		return _("the server closed the connection without an answer");
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_PARTIAL_FILE:
		return _("the connection broke during the transfer");
	case CURLE_TOO_MANY_REDIRECTS:
		return _("too many redirections");
	case CURLE_UNSUPPORTED_PROTOCOL:
		return _("a protocol mediflux does not fetch");
	case CURLE_URL_MALFORMAT:
		return _("not a valid URL");
	default:
		return errbuf[0] != '\0' ? errbuf : http_curl->easy_strerror(rc);
	}
}

static void
http_sleep_ms(long ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Options every request shares. */
static void
http_setup(CURL *c, const struct http_settings *s, struct http_state *st,
    const char *url)
{
	http_curl->easy_setopt(c, CURLOPT_URL, url);
	http_curl->easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	http_curl->easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	http_curl->easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	http_curl->easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
	http_curl->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	http_curl->easy_setopt(c, CURLOPT_USERAGENT, PACKAGE_NAME "/" PACKAGE_VERSION);
	http_curl->easy_setopt(c, CURLOPT_CONNECTTIMEOUT, s->timeout_s);
	/* A body that stalls (less than a byte a second) for that long has failed. */
	http_curl->easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	http_curl->easy_setopt(c, CURLOPT_LOW_SPEED_TIME, s->timeout_s);
	http_curl->easy_setopt(c, CURLOPT_HEADERFUNCTION, http_header_cb);
	http_curl->easy_setopt(c, CURLOPT_HEADERDATA, st);
	http_curl->easy_setopt(c, CURLOPT_WRITEFUNCTION, http_write_cb);
	http_curl->easy_setopt(c, CURLOPT_WRITEDATA, st);
	http_curl->easy_setopt(c, CURLOPT_XFERINFOFUNCTION, http_xferinfo_cb);
	http_curl->easy_setopt(c, CURLOPT_XFERINFODATA, st);
	http_curl->easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
}

static struct curl_slist *
http_add_header(struct curl_slist *list, const char *name, const char *value)
{
	char *h = xasprintf("%s: %s", name, value);

	list = http_curl->slist_append(list, h);
	free(h);
	if (list == NULL)
		fatal("curl_slist_append");
	return list;
}

/*
 * The retry loop of one GET, into st (fd or memory). conditional says whether
 * validators are sent: a 304 is then an answer, otherwise an error.
 */
static int
http_get(const struct http_settings *s, const char *url, struct http_state *st,
    const struct http_request *req, long *status_out, int *requests,
    char **cause)
{
	struct curl_slist *headers;
	char errbuf[CURL_ERROR_SIZE], range[64], tries[32];
	const char *validator;
	CURLcode rc;
	long status;
	int attempt, conditional;

	if (http_init(cause) != 0)
		return -1;
	if ((st->curl = http_curl->easy_init()) == NULL)
		return error_set(cause,
		    _("%s: libcurl cannot start a transfer"),
		    url);
	for (attempt = 0;; attempt++) {
		headers = NULL;
		conditional = 0;
		http_curl->easy_reset(st->curl);
		http_setup(st->curl, s, st, url);
		errbuf[0] = '\0';
		http_curl->easy_setopt(st->curl, CURLOPT_ERRORBUFFER, errbuf);
		validator = st->etag != NULL ? st->etag : st->last_modified;
		if (st->written > 0 && validator != NULL) {
			/* Resume where the cut body stopped, if the file is the same. */
			snprintf(range, sizeof range, "bytes=%lld-",
			    (long long)st->written);
			headers = http_add_header(headers, "Range", range);
			headers = http_add_header(headers, "If-Range", validator);
		} else {
			if (st->written > 0 && st->fd >= 0 &&
			    ftruncate(st->fd, 0) != 0) {
				error_set(cause, _("%s: cannot empty the "
				    "temporary file: %s"),
				    url, strerror(errno));
				break;
			}
			st->written = 0;
			st->memlen = 0;
			if (req != NULL && req->etag != NULL) {
				headers = http_add_header(headers,
				    "If-None-Match", req->etag);
				conditional = 1;
			}
			if (req != NULL && req->last_modified != NULL) {
				headers = http_add_header(headers,
				    "If-Modified-Since", req->last_modified);
				conditional = 1;
			}
		}
		http_curl->easy_setopt(st->curl, CURLOPT_HTTPHEADER, headers);
		st->first = 1;
		st->discard = 0;
		rc = http_curl->easy_perform(st->curl);
		http_curl->slist_free_all(headers);
		(*requests)++;
		status = 0;
		http_curl->easy_getinfo(st->curl, CURLINFO_RESPONSE_CODE, &status);
		if (st->fatal != NULL) {
			error_set(cause, "%s: %s", url, st->fatal);
			break;
		}
		if (rc == CURLE_OK && (status == 200 || status == 206 ||
		    (status == 304 && conditional))) {
			*status_out = status == 206 ? 200 : status;
			http_curl->easy_cleanup(st->curl);
			st->curl = NULL;
			return 0;
		}
		if (rc == CURLE_OK && status == 416 && st->written > 0) {
			/* The file shrank since: start again from its first byte. */
			free(st->etag);
			free(st->last_modified);
			st->etag = st->last_modified = NULL;
			continue;
		}
		if (!http_transient(rc, status) || attempt >= s->retries) {
			tries[0] = '\0';
			if (attempt > 0)
				snprintf(tries, sizeof tries,
				    _(" (%d attempts)"),
				    attempt + 1);
			if (rc == CURLE_OK)
				error_set(cause, _("%s: HTTP status %ld%s"),
				    url, status, tries);
			else
				error_set(cause, "%s: %s%s", url,
				    http_error_text(rc, errbuf), tries);
			break;
		}
		http_sleep_ms(s->backoff_ms << (attempt < 16 ? attempt : 16));
	}
	http_curl->easy_cleanup(st->curl);
	st->curl = NULL;
	return -1;
}

int
http_fetch_fd(const struct http_settings *s, const struct http_request *req,
    int fd, struct http_response *resp, char **cause)
{
	struct http_state st;
	long status = 0;
	int rc;

	memset(resp, 0, sizeof *resp);
	memset(&st, 0, sizeof st);
	st.fd = fd;
	st.req = req;
	rc = http_get(s, req->url, &st, req, &status, &resp->requests, cause);
	if (req->progress != NULL)
		progress_end(req->progress);
	if (rc == 0) {
		resp->status = status;
		resp->size = st.written;
		resp->etag = st.etag;
		resp->last_modified = st.last_modified;
		resp->content_type = st.content_type;
	} else {
		free(st.etag);
		free(st.last_modified);
		free(st.content_type);
	}
	free(st.fatal);
	return rc;
}

int
http_fetch_memory(const struct http_settings *s, const char *url, size_t max,
    char **body, size_t *len, char **cause)
{
	struct http_state st;
	long status = 0;
	int requests = 0, rc;

	memset(&st, 0, sizeof st);
	st.fd = -1;
	st.memmax = max;
	rc = http_get(s, url, &st, NULL, &status, &requests, cause);
	free(st.etag);
	free(st.last_modified);
	free(st.content_type);
	free(st.fatal);
	if (rc != 0) {
		free(st.mem);
		return -1;
	}
	if (st.mem == NULL)
		st.mem = xstrdup("");
	*body = st.mem;
	*len = st.memlen;
	return 0;
}

void
http_response_free(struct http_response *resp)
{
	free(resp->etag);
	free(resp->last_modified);
	free(resp->content_type);
	memset(resp, 0, sizeof *resp);
}

static void
http_hex(const uint8_t *d, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

int
http_verify_fd(int fd, int64_t size, const char *type, const char *value,
    const char *url, char sha256[65], char **cause)
{
	struct sha256_ctx s256, o256;
	struct sha1_ctx s1;
	struct md5_ctx m5;
	uint8_t digest[SHA256_DIGEST_SIZE];
	char hex[2 * SHA256_DIGEST_SIZE + 1], buf[65536];
	int64_t total = 0;
	ssize_t n;
	int which = 0;	/* 0 none, 1 sha256, 2 sha1, 3 md5 */
	const struct dynlib_nettle *h;

	if (type != NULL && value != NULL) {
		if (strcasecmp(type, "sha256") == 0)
			which = 1;
		else if (strcasecmp(type, "sha1") == 0)
			which = 2;
		else if (strcasecmp(type, "md5") == 0)
			which = 3;
	}
	if ((h = dynlib_nettle(cause)) == NULL)
		return -1;
	h->sha256_begin(&s256);
	h->sha1_begin(&s1);
	h->md5_begin(&m5);
	while ((n = pread(fd, buf, sizeof buf, (off_t)total)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return error_set(cause, _("%s: reading the download "
			    "back: %s"), url, strerror(errno));
		h->sha256_add(&s256, (size_t)n, (const uint8_t *)buf);
		if (which == 2)
			h->sha1_add(&s1, (size_t)n, (const uint8_t *)buf);
		else if (which == 3)
			h->md5_add(&m5, (size_t)n, (const uint8_t *)buf);
		total += n;
	}
	if (size >= 0 && total != size)
		return error_set(cause, _("%s: %lld bytes received, the "
		    "publisher says %lld"), url, (long long)total,
		    (long long)size);
	o256 = s256;
	h->sha256_end(&o256, SHA256_DIGEST_SIZE, digest);
	http_hex(digest, SHA256_DIGEST_SIZE, sha256);
	if (which == 0)
		return 0;
	if (which == 1)
		memcpy(hex, sha256, sizeof hex);
	else if (which == 2) {
		h->sha1_end(&s1, SHA1_DIGEST_SIZE, digest);
		http_hex(digest, SHA1_DIGEST_SIZE, hex);
	} else {
		h->md5_end(&m5, MD5_DIGEST_SIZE, digest);
		http_hex(digest, MD5_DIGEST_SIZE, hex);
	}
	if (strcasecmp(hex, value) != 0)
		return error_set(cause, _("%s: %s checksum mismatch: the "
		    "publisher says %s, the file received has %s"), url, type,
		    value, hex);
	return 0;
}
