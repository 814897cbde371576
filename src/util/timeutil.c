/* SPDX-License-Identifier: MIT */
/* timeutil.c: clock, RFC 3339 and Go-compatible durations. */
#include "util/common.h"

#include <math.h>
#include <stdio.h>
#include <time.h>

#include "util/error.h"
#include "util/str.h"
#include "util/timeutil.h"

int64_t
clock_now_ns(void)
{
	struct timespec ts;
#ifdef AV_TEST_HOOKS
	const char *pin = getenv("AWS_VAULT_TEST_NOW");
	int64_t sec;
	int32_t nsec;
	uint64_t u;

	if (pin != NULL && *pin != '\0') {
		if (cstr_to_u64(pin, 0, INT64_MAX / DUR_SECOND, &u) == 0)
			return (int64_t)u * DUR_SECOND;
		if (time_parse_rfc3339(pin, &sec, &nsec) == 0)
			return sec * DUR_SECOND + nsec;
	}
#endif
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * DUR_SECOND + ts.tv_nsec;
}

int64_t
clock_now(void)
{
	int64_t ns = clock_now_ns();

	return ns >= 0 ? ns / DUR_SECOND : (ns - DUR_SECOND + 1) / DUR_SECOND;
}

/*
 * Days since 1970-01-01 of a proleptic Gregorian date, and back (Howard
 * Hinnant's algorithms).  Plain arithmetic instead of timegm/gmtime_r,
 * which make glibc read /etc/localtime although everything here is UTC.
 */
static int64_t
time_days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
time_civil_from_days(int64_t z, int *yp, int *mp, int *dp)
{
	int64_t era, doe, yoe, doy, mp_, y;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp_ = (5 * doy + 2) / 153;
	*dp = (int)(doy - (153 * mp_ + 2) / 5 + 1);
	*mp = (int)(mp_ < 10 ? mp_ + 3 : mp_ - 9);
	*yp = (int)(y + (*mp <= 2));
}

/* Read exactly n decimal digits at *pp. */
static bool
time_digits(const char **pp, int n, int *outp)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		char c = (*pp)[i];
		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (c - '0');
	}
	*pp += n;
	*outp = v;
	return true;
}

/* Days in month m (1-12) of year y, proleptic Gregorian. */
static int
time_month_days(int y, int m)
{
	static const unsigned char days[12] = { 31, 28, 31, 30, 31, 30, 31,
	    31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

int
time_parse_rfc3339(const char *s, int64_t *secp, int32_t *nsecp)
{
	const char *p = s;
	int y, mo, d, h, mi, se, oh = 0, om = 0, sign = 0;
	int32_t nsec = 0;
	int ndig = 0;

	*secp = 0;
	*nsecp = 0;
	if (!time_digits(&p, 4, &y) || *p++ != '-' ||
	    !time_digits(&p, 2, &mo) || *p++ != '-' ||
	    !time_digits(&p, 2, &d) || (*p != 'T' && *p != 't') ||
	    (p++, !time_digits(&p, 2, &h)) || *p++ != ':' ||
	    !time_digits(&p, 2, &mi) || *p++ != ':' ||
	    !time_digits(&p, 2, &se))
		return AV_ERR_INVALID;
	if (*p == '.' || *p == ',') {
		p++;
		while (*p >= '0' && *p <= '9') {
			if (ndig < 9) {
				nsec = nsec * 10 + (*p - '0');
				ndig++;
			}
			p++;
		}
		if (ndig == 0)
			return AV_ERR_INVALID;
		for (; ndig < 9; ndig++)
			nsec *= 10;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p++ == '-' ? -1 : 1;
		if (!time_digits(&p, 2, &oh) || *p++ != ':' ||
		    !time_digits(&p, 2, &om) || oh > 23 || om > 59)
			return AV_ERR_INVALID;
	} else {
		return AV_ERR_INVALID;
	}
	/* Go's time.Parse: no February 30th. */
	if (*p != '\0' || mo < 1 || mo > 12 || d < 1 ||
	    d > time_month_days(y, mo) || h > 23 || mi > 59 || se > 59)
		return AV_ERR_INVALID;
	*secp = time_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 +
	    se - sign * (oh * 3600 + om * 60);
	*nsecp = nsec;
	return 0;
}

void
time_format_rfc3339(int64_t sec, char *out, size_t outlen)
{
	int64_t days = sec >= 0 ? sec / 86400 : (sec - 86399) / 86400;
	int64_t rem = sec - days * 86400;
	char s[] = "0001-01-01T00:00:00Z";
	int y, m, d;
	size_t n;

	time_civil_from_days(days, &y, &m, &d);
	/* Digit by digit, right to left: no printf on the warm path
	 * (xstrjoin). */
	if (y >= 1 && y <= 9999) {
		int v[6] = { y, m, d, (int)(rem / 3600), (int)(rem / 60 % 60),
		    (int)(rem % 60) };
		static const unsigned char last[6] = { 3, 6, 9, 12, 15, 18 };
		int i, k;

		for (i = 0; i < 6; i++) {
			int first = i == 0 ? 0 : last[i] - 1;

			for (k = last[i]; k >= first; k--) {
				s[k] = (char)('0' + v[i] % 10);
				v[i] /= 10;
			}
		}
	}
	if (outlen == 0)
		return;
	n = outlen - 1 < sizeof(s) - 1 ? outlen - 1 : sizeof(s) - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

void
time_format_rfc3339_nano(int64_t sec, int32_t nsec, char *out,
    size_t outlen)
{
	char s[32];
	size_t n;
	int i, last = 0;

	time_format_rfc3339(sec, s, sizeof(s));
	n = strlen(s) - 1;		/* the 'Z' */
	if (nsec > 0 && nsec < DUR_SECOND) {
		s[n] = '.';
		for (i = 9; i >= 1; i--, nsec /= 10) {
			s[n + (size_t)i] = (char)('0' + nsec % 10);
			if (last == 0 && nsec % 10 != 0)
				last = i;
		}
		n += (size_t)last + 1;
	}
	s[n++] = 'Z';
	s[n] = '\0';
	if (outlen == 0)
		return;
	n = n < outlen - 1 ? n : outlen - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

static const struct {
	const char	*name;
	int64_t		 ns;
} duration_units[] = {
	{ "ns", 1 },
	{ "us", 1000 },
	{ "\xc2\xb5s", 1000 },	/* U+00B5 micro sign */
	{ "\xce\xbcs", 1000 },	/* U+03BC Greek mu */
	{ "ms", 1000000 },
	{ "s", DUR_SECOND },
	{ "m", DUR_MINUTE },
	{ "h", DUR_HOUR },
};

int
duration_parse(const char *s, int64_t *nsp)
{
	const char *p = s;
	bool neg = false;
	double total = 0;

	*nsp = 0;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (strcmp(p, "0") == 0)
		return 0;
	if (*p == '\0')
		goto invalid;
	while (*p != '\0') {
		double v = 0, frac = 0, scale = 1;
		bool digits = false;
		const char *u;
		size_t ulen, i, nfrac = 0;

		if (!(*p == '.' || (*p >= '0' && *p <= '9')))
			goto invalid;
		while (*p >= '0' && *p <= '9') {
			v = v * 10 + (*p++ - '0');
			digits = true;
		}
		if (*p == '.') {
			p++;
			/* Digits past the 18th are below a nanosecond of
			 * any unit: skip them, as Go does, so that frac and
			 * scale stay finite. */
			for (; *p >= '0' && *p <= '9'; p++, nfrac++) {
				if (nfrac < 18) {
					frac = frac * 10 + (*p - '0');
					scale *= 10;
				}
				digits = true;
			}
		}
		if (!digits)
			goto invalid;
		u = p;
		while (*p != '\0' && *p != '.' && (*p < '0' || *p > '9'))
			p++;
		ulen = (size_t)(p - u);
		if (ulen == 0)
			return av_error_set(AV_ERR_INVALID,
			    "time: missing unit in duration \"%s\"", s);
		for (i = 0; i < AV_ARRAY_SIZE(duration_units); i++)
			if (strlen(duration_units[i].name) == ulen &&
			    memcmp(duration_units[i].name, u, ulen) == 0)
				break;
		if (i == AV_ARRAY_SIZE(duration_units))
			return av_error_set(AV_ERR_INVALID,
			    "time: unknown unit \"%.*s\" in duration \"%s\"",
			    (int)ulen, u, s);
		total += (v + frac / scale) * (double)duration_units[i].ns;
		if (!isfinite(total) || total > 9.2e18)
			goto invalid;
	}
	*nsp = neg ? -(int64_t)total : (int64_t)total;
	return 0;
invalid:
	return av_error_set(AV_ERR_INVALID, "time: invalid duration \"%s\"",
	    s);
}

/* Append the fraction of v/10^prec without trailing zeros, Go style. */
static size_t
duration_frac(char *buf, size_t w, uint64_t v, int prec, uint64_t *rest)
{
	bool print = false;
	int i;

	for (i = 0; i < prec; i++) {
		unsigned digit = (unsigned)(v % 10);
		print = print || digit != 0;
		if (print)
			buf[--w] = (char)('0' + digit);
		v /= 10;
	}
	if (print)
		buf[--w] = '.';
	*rest = v;
	return w;
}

static size_t
duration_int(char *buf, size_t w, uint64_t v)
{
	if (v == 0) {
		buf[--w] = '0';
		return w;
	}
	while (v > 0) {
		buf[--w] = (char)('0' + v % 10);
		v /= 10;
	}
	return w;
}

void
duration_format(int64_t d, char *out, size_t outlen)
{
	char buf[40];
	size_t w = sizeof(buf);
	uint64_t u = d < 0 ? (uint64_t)0 - (uint64_t)d : (uint64_t)d;
	bool neg = d < 0;

	buf[--w] = '\0';
	if (u < (uint64_t)DUR_SECOND) {
		int prec = 0;

		buf[--w] = 's';
		w--;
		if (u == 0) {
			snprintf(out, outlen, "0s");
			return;
		} else if (u < 1000) {
			prec = 0;
			buf[w] = 'n';
		} else if (u < 1000000) {
			prec = 3;
			w--;
			memcpy(buf + w, "\xc2\xb5", 2);
		} else {
			prec = 6;
			buf[w] = 'm';
		}
		w = duration_frac(buf, w, u, prec, &u);
		w = duration_int(buf, w, u);
	} else {
		buf[--w] = 's';
		w = duration_frac(buf, w, u, 9, &u);
		w = duration_int(buf, w, u % 60);
		u /= 60;
		if (u > 0) {
			buf[--w] = 'm';
			w = duration_int(buf, w, u % 60);
			u /= 60;
			if (u > 0) {
				buf[--w] = 'h';
				w = duration_int(buf, w, u);
			}
		}
	}
	if (neg)
		buf[--w] = '-';
	snprintf(out, outlen, "%s", buf + w);
}
