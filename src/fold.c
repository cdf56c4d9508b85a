/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "utf8.h"
#include "xmalloc.h"

/* ASCII spellings of U+00C0 to U+017F (Latin-1 Supplement and Latin Extended-A). */
static const char *const fold_latin[] = {
	/* C0 */ "A", "A", "A", "A", "A", "A", "AE", "C",
	/* C8 */ "E", "E", "E", "E", "I", "I", "I", "I",
	/* D0 */ "D", "N", "O", "O", "O", "O", "O", "x",
	/* D8 */ "O", "U", "U", "U", "U", "Y", "TH", "ss",
	/* E0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
	/* E8 */ "e", "e", "e", "e", "i", "i", "i", "i",
	/* F0 */ "d", "n", "o", "o", "o", "o", "o", "/",
	/* F8 */ "o", "u", "u", "u", "u", "y", "th", "y",
	/* 100 */ "A", "a", "A", "a", "A", "a", "C", "c",
	/* 108 */ "C", "c", "C", "c", "C", "c", "D", "d",
	/* 110 */ "D", "d", "E", "e", "E", "e", "E", "e",
	/* 118 */ "E", "e", "E", "e", "G", "g", "G", "g",
	/* 120 */ "G", "g", "G", "g", "H", "h", "H", "h",
	/* 128 */ "I", "i", "I", "i", "I", "i", "I", "i",
	/* 130 */ "I", "i", "IJ", "ij", "J", "j", "K", "k",
	/* 138 */ "k", "L", "l", "L", "l", "L", "l", "L",
	/* 140 */ "l", "L", "l", "N", "n", "N", "n", "N",
	/* 148 */ "n", "n", "N", "n", "O", "o", "O", "o",
	/* 150 */ "O", "o", "OE", "oe", "R", "r", "R", "r",
	/* 158 */ "R", "r", "S", "s", "S", "s", "S", "s",
	/* 160 */ "S", "s", "T", "t", "T", "t", "T", "t",
	/* 168 */ "U", "u", "U", "u", "U", "u", "U", "u",
	/* 170 */ "U", "u", "U", "u", "W", "w", "Y", "y",
	/* 178 */ "Y", "Z", "z", "Z", "z", "Z", "z", "s",
};

const char *
fold_ascii(uint32_t cp)
{
	if (cp >= 0xC0 && cp <= 0x17F)
		return fold_latin[cp - 0xC0];
	switch (cp) {
	case 0x2018: case 0x2019: case 0x02BC:
		return "'";
	case 0x201C: case 0x201D: case 0x00AB: case 0x00BB:
		return "\"";
	case 0x2010: case 0x2011: case 0x2013: case 0x2014:
		return "-";
	case 0x00A0: case 0x202F: case 0x2009:
		return " ";
	case 0x2026:
		return "...";
	/* The screens' own signs, for terminals without UTF-8. */
	case 0x00B7:
		return "-";
	case 0x2190:
		return "<-";
	case 0x2192:
		return "->";
	case 0x2194:
		return "<->";
	case 0x2191: case 0x25B2:
		return "^";
	case 0x2193: case 0x25BC:
		return "v";
	case 0x25B8:
		return ">";
	case 0x2588:
		return "#";
	case 0x20AC:
		return "EUR";
	}
	return NULL;
}

/* Tells whether an ASCII byte separates words in a search key. */
static int
fold_is_separator(unsigned char c)
{
	return !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80);
}

/* Appends one word to the key, spelling the French abbreviations of saint in full. */
static size_t
fold_put_word(char *out, size_t o, const char *w, size_t n)
{
	if (o > 0)
		out[o++] = ' ';
	if (n == 2 && memcmp(w, "st", 2) == 0) {
		w = "saint";
		n = 5;
	} else if (n == 3 && memcmp(w, "ste", 3) == 0) {
		w = "sainte";
		n = 6;
	}
	memcpy(out + o, w, n);
	return o + n;
}

int
fold_is_blank(const char *s)
{
	char *key = fold_key(s);
	int blank = *key == '\0';

	free(key);
	return blank;
}

char *
fold_key(const char *s)
{
	size_t len = strlen(s), i, o, start;
	char *flat, *out;
	const char *a;
	uint32_t cp;
	size_t f = 0;
	int n;

	/* First a flat lower-case ASCII spelling (at most 3 bytes per input byte)... */
	flat = xmalloc(3 * len + 1);
	while (len > 0) {
		if ((n = utf8_decode(s, len, &cp)) < 0) {
			cp = ' ';
			n = 1;
		}
		s += n;
		len -= n;
		if (cp >= 0x300 && cp <= 0x36F)
			continue;	/* decomposed accents */
		if (cp < 0x80) {
			flat[f++] = (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
			continue;
		}
		if ((a = fold_ascii(cp)) != NULL) {
			for (; *a != '\0'; a++)
				flat[f++] = (*a >= 'A' && *a <= 'Z') ? *a + 32 : *a;
			continue;
		}
		f += utf8_encode(cp, flat + f);
	}
	flat[f] = '\0';

	/* ...then its words, single-spaced, with st/ste spelt out (grows by 3 a word at most). */
	out = xmalloc(3 * f + 1);
	o = 0;
	for (i = 0; i < f;) {
		while (i < f && fold_is_separator(flat[i]))
			i++;
		start = i;
		while (i < f && !fold_is_separator(flat[i]))
			i++;
		if (i > start)
			o = fold_put_word(out, o, flat + start, i - start);
	}
	out[o] = '\0';
	free(flat);
	return out;
}

char *
fold_transliterate(const char *s)
{
	size_t len = strlen(s), o = 0;
	const char *a;
	char *out;
	uint32_t cp;
	int n;

	out = xmalloc(3 * len + 1);
	while (len > 0) {
		if ((n = utf8_decode(s, len, &cp)) < 0) {
			cp = '?';
			n = 1;
		}
		s += n;
		len -= n;
		if (cp >= 0x300 && cp <= 0x36F)
			continue;
		if (cp < 0x80)
			out[o++] = cp;
		else if ((a = fold_ascii(cp)) != NULL) {
			memcpy(out + o, a, strlen(a));
			o += strlen(a);
		} else
			out[o++] = '?';
	}
	out[o] = '\0';
	return out;
}
