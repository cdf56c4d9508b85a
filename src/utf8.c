/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <locale.h>
#include <pthread.h>
#include <string.h>
#include <wchar.h>

#include "utf8.h"
#include "xmalloc.h"

void
utf8_skip_bom(FILE *f)
{
	char head[UTF8_BOM_LEN];

	if (fread(head, 1, sizeof head, f) != sizeof head ||
	    memcmp(head, UTF8_BOM, sizeof head) != 0)
		rewind(f);
}

int
utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c, min;
	int n, i;

	if (len == 0)
		return -1;
	c = u[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else
		return -1;
	if ((size_t)n > len)
		return -1;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return -1;
		c = (c << 6) | (u[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return -1;
	*cp = c;
	return n;
}

int
utf8_encode(uint32_t cp, char *buf)
{
	unsigned char *u = (unsigned char *)buf;

	if (cp < 0x80) {
		u[0] = cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = 0xC0 | (cp >> 6);
		u[1] = 0x80 | (cp & 0x3F);
		return 2;
	}
	if (cp < 0x10000) {
		u[0] = 0xE0 | (cp >> 12);
		u[1] = 0x80 | ((cp >> 6) & 0x3F);
		u[2] = 0x80 | (cp & 0x3F);
		return 3;
	}
	u[0] = 0xF0 | (cp >> 18);
	u[1] = 0x80 | ((cp >> 12) & 0x3F);
	u[2] = 0x80 | ((cp >> 6) & 0x3F);
	u[3] = 0x80 | (cp & 0x3F);
	return 4;
}

int
utf8_valid(const char *s, size_t len)
{
	uint32_t cp;
	int n;

	while (len > 0) {
		if ((unsigned char)*s < 0x80) {
			s++;
			len--;
			continue;
		}
		if ((n = utf8_decode(s, len, &cp)) < 0)
			return 0;
		s += n;
		len -= n;
	}
	return 1;
}

int
utf8_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

int
utf8_is_separator(uint32_t cp)
{
	return cp == '\t' || cp == '\n' || cp == 0x2028 || cp == 0x2029;
}

int
utf8_is_invisible(uint32_t cp)
{
	if (cp < 0x200B)
		return utf8_is_control(cp) || cp == 0x061C;
	/* Dropped rather than shown: they reorder or hide what a reader sees. */
	return cp <= 0x200F || (cp >= 0x2028 && cp <= 0x202E) ||
	    (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF;
}

char *
utf8_sanitize(const char *s)
{
	size_t len = strlen(s), o = 0;
	char *out;
	uint32_t cp;
	int n;

	/* A bad byte becomes U+FFFD: 3 bytes for 1, so 3x is always enough. */
	out = xmalloc(3 * len + 1);
	while (len > 0) {
		if ((n = utf8_decode(s, len, &cp)) < 0) {
			cp = UTF8_REPLACEMENT;
			n = 1;
		}
		s += n;
		len -= n;
		if (utf8_is_separator(cp))
			cp = ' ';
		else if (utf8_is_invisible(cp))
			continue;
		o += utf8_encode(cp, out + o);
	}
	out[o] = '\0';
	return out;
}

static locale_t utf8_width_locale;
static pthread_once_t utf8_width_once = PTHREAD_ONCE_INIT;

static void
utf8_width_init(void)
{
	utf8_width_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

/*
 * Our text is UTF-8 whatever the locale: widths come from a UTF-8 character
 * type (the C locale's wcwidth knows no wide or zero-width character), so
 * plain output aligns the same under LC_ALL=C and under any UTF-8 locale.
 */
static int
utf8_wcwidth(uint32_t cp)
{
	locale_t old;
	int w;

	pthread_once(&utf8_width_once, utf8_width_init);
	if (utf8_width_locale == (locale_t)0)
		return wcwidth((wchar_t)cp);
	old = uselocale(utf8_width_locale);
	w = wcwidth((wchar_t)cp);
	uselocale(old);
	return w;
}

int
utf8_cp_width(uint32_t cp)
{
	int w;

	if (utf8_is_invisible(cp))
		return 0;
	if (cp < 0x7F)
		return 1;
	/* Combining diacritical marks are zero width whatever the locale says. */
	if (cp >= 0x300 && cp <= 0x36F)
		return 0;
	w = utf8_wcwidth(cp);
	if (w < 0)
		return 1;
	return w > 2 ? 2 : w;
}

size_t
utf8_fit(const char *s, int max, int *used)
{
	size_t len = strlen(s), off = 0;
	uint32_t cp;
	int n, w, cols = 0;

	while (off < len) {
		if ((n = utf8_decode(s + off, len - off, &cp)) < 0) {
			cp = UTF8_REPLACEMENT;
			n = 1;
		}
		w = utf8_cp_width(cp);
		if (cols + w > max)
			break;
		cols += w;
		off += n;
	}
	if (used != NULL)
		*used = cols;
	return off;
}

int
utf8_width(const char *s)
{
	int used;

	utf8_fit(s, 1 << 30, &used);
	return used;
}

char *
utf8_cut(const char *s, int max, int ellipsis)
{
	size_t n;
	char *out;

	if (max <= 0)
		return xstrdup("");
	if (utf8_width(s) <= max)
		return xstrdup(s);
	if (!ellipsis)
		return xstrndup(s, utf8_fit(s, max, NULL));
	n = utf8_fit(s, max - 1, NULL);
	out = xmalloc(n + sizeof "…");
	memcpy(out, s, n);
	memcpy(out + n, "…", sizeof "…");
	return out;
}

char *
utf8_pad(const char *s, int width, int right_align)
{
	size_t n;
	int used, pad;
	char *out;

	if (width <= 0)
		return xstrdup("");
	n = utf8_fit(s, width, &used);
	pad = width - used;
	out = xmalloc(n + pad + 1);
	if (right_align) {
		memset(out, ' ', pad);
		memcpy(out + pad, s, n);
	} else {
		memcpy(out, s, n);
		memset(out + n, ' ', pad);
	}
	out[n + pad] = '\0';
	return out;
}
