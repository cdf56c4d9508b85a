/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <string.h>

#include "finess.h"

static int
finess_digits(const char *s, size_t n)
{
	return strspn(s, "0123456789") >= n;
}

int
finess_number_valid(const char *s)
{
	if (strlen(s) != 9)
		return 0;
	if (s[0] == '2' && (s[1] == 'A' || s[1] == 'B'))
		return finess_digits(s + 2, 7);
	return finess_digits(s, 9);
}

static int
finess_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
finess_date_parse(const char *s, char out[11])
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;

	if (strlen(s) != 10)
		return -1;
	if (s[4] == '-' && s[7] == '-' && finess_digits(s, 4) &&
	    finess_digits(s + 5, 2) && finess_digits(s + 8, 2)) {
		y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
		    (s[3] - '0');
		m = (s[5] - '0') * 10 + (s[6] - '0');
		d = (s[8] - '0') * 10 + (s[9] - '0');
	} else if (s[2] == '/' && s[5] == '/' && finess_digits(s, 2) &&
	    finess_digits(s + 3, 2) && finess_digits(s + 6, 4)) {
		d = (s[0] - '0') * 10 + (s[1] - '0');
		m = (s[3] - '0') * 10 + (s[4] - '0');
		y = (s[6] - '0') * 1000 + (s[7] - '0') * 100 + (s[8] - '0') * 10 +
		    (s[9] - '0');
	} else
		return -1;
	if (y < 1800 || y > 2199 || m < 1 || m > 12 || d < 1 ||
	    d > days[m - 1] + (m == 2 && finess_leap(y)))
		return -1;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = out[7] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
	return 0;
}
