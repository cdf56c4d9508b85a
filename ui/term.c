/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <curses.h>
#include <term.h>

#include "clock.h"
#include "i18n.h"
#include "signal_pending.h"
#include "term.h"
#include "xmalloc.h"

static SCREEN			*term_screen;
static int			 term_active;
static int			 term_colours_on;
static int			 term_is_utf8;
static struct sigaction		 term_crash_old[5];
static const int		 term_crash_signals[5] = {
	SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT
};

static const int term_mono[C_COUNT] = {
#define TERM_COLOUR_MONO(name, fg, bg, mono) mono,
	TERM_COLOURS(TERM_COLOUR_MONO)
#undef TERM_COLOUR_MONO
};

int
term_check(char **cause)
{
	const char *term = getenv("TERM");
	int err;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return error_set(cause, "%s", _("the terminal interface needs "
		    "a terminal; for scripts use a command (see mediflux "
		    "--help)"));
	if (term == NULL || *term == '\0')
		return error_set(cause, "%s", _("TERM is not set (try "
		    "TERM=xterm-256color)"));
	if (strcmp(term, "dumb") == 0)
		return error_set(cause, "%s", _("TERM=dumb cannot move the "
		    "cursor (try TERM=xterm-256color)"));
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return error_set(cause, _("unknown terminal type '%s' (try "
		    "TERM=xterm-256color)"), term);
	if (tigetstr("cup") == NULL || tigetstr("cup") == (char *)-1) {
		del_curterm(cur_term);
		return error_set(cause, _("TERM=%s cannot move the cursor "
		    "(try TERM=xterm-256color)"), term);
	}
	del_curterm(cur_term);
	return 0;
}

/* Whether a locale's name says UTF-8 ("fr_FR.UTF-8", "en_US.utf8"). */
static int
term_names_utf8(const char *name)
{
	const char *dot = strchr(name, '.');

	return dot != NULL && (strncasecmp(dot + 1, "UTF-8", 5) == 0 ||
	    strncasecmp(dot + 1, "utf8", 4) == 0);
}

/* Picks a UTF-8 character type even when the locale is plain C, as tmux does. */
static void
term_setup_locale(void)
{
	const char *codeset;
	int missing;

	missing = setlocale(LC_CTYPE, "") == NULL;
	codeset = nl_langinfo(CODESET);
	term_is_utf8 = strcmp(codeset, "UTF-8") == 0;
	if (!term_is_utf8) {
		const char *lang = getenv("LC_ALL");

		if (lang == NULL || *lang == '\0')
			lang = getenv("LC_CTYPE");
		if (lang == NULL || *lang == '\0')
			lang = getenv("LANG");
		/*
		 * Only when nothing asked for another charset: no locale, C,
		 * or a UTF-8 one this system has not installed (fr_FR.UTF-8
		 * on a server that has C.UTF-8 alone).
		 */
		if ((lang == NULL || *lang == '\0' || strcmp(lang, "C") == 0 ||
		    strcmp(lang, "POSIX") == 0 || (missing &&
		    term_names_utf8(lang))) &&
		    setlocale(LC_CTYPE, "C.UTF-8") != NULL)
			term_is_utf8 = 1;
	}
}

static void
term_on_signal(int sig)
{
	signal_pending_note(sig);
}

/* Restores the terminal after a crash, then lets the previous handler report it. */
static void
term_on_crash(int sig)
{
	int i;

	term_done();
	for (i = 0; i < 5; i++) {
		if (term_crash_signals[i] == sig)
			sigaction(sig, &term_crash_old[i], NULL);
	}
	raise(sig);
}

static void
term_install_signals(void)
{
	struct sigaction sa;
	int i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = term_on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = term_on_crash;
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < 5; i++)
		sigaction(term_crash_signals[i], &sa, &term_crash_old[i]);
}

static void
term_setup_colours(void)
{
	const char *no_colour = getenv("NO_COLOR");
	int i;
	static const short fg[C_COUNT] = {
#define TERM_COLOUR_FG(name, f, b, mono) f,
		TERM_COLOURS(TERM_COLOUR_FG)
#undef TERM_COLOUR_FG
	};
	static const short bg[C_COUNT] = {
#define TERM_COLOUR_BG(name, f, b, mono) b,
		TERM_COLOURS(TERM_COLOUR_BG)
#undef TERM_COLOUR_BG
	};

	term_colours_on = 0;
	if ((no_colour != NULL && *no_colour != '\0') || !has_colors())
		return;
	if (start_color() != OK)
		return;
#ifdef HAVE_USE_DEFAULT_COLORS
	use_default_colors();
#endif
	for (i = 1; i < C_COUNT && i < COLOR_PAIRS; i++)
		init_pair(i, fg[i], bg[i]);
	term_colours_on = 1;
}

int
term_init(int mouse, char **cause)
{
	term_setup_locale();
#ifdef HAVE_SET_ESCDELAY
	/*
	 * Escape is answered after this wait for the rest of a function key's
	 * sequence, which a terminal writes at once: tmux waits 10 ms since 3.5.
	 */
	if (getenv("ESCDELAY") == NULL)
		set_escdelay(10);
#endif
	if ((term_screen = newterm(NULL, stdout, stdin)) == NULL)
		return error_set(cause, _("cannot start the terminal "
		    "(TERM=%s)"), getenv("TERM"));
	set_term(term_screen);
	term_active = 1;
	atexit(term_done);
	fatal_set_hook(term_done);
	term_install_signals();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	term_setup_colours();
	/* Only when asked: a mouse takes the terminal's own selection away. */
	if (mouse) {
		mousemask(BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED,
		    NULL);
		mouseinterval(0);
	}
	return 0;
}

void
term_done(void)
{
	if (!term_active)
		return;
	term_active = 0;
	endwin();
	fflush(stdout);
}

int
term_attr(enum term_colour c)
{
	if (c == C_NORMAL)
		return A_NORMAL;
	if (term_colours_on)
		return COLOR_PAIR(c) | (c == C_SECTION || c == C_WARN ||
		    c == C_ERROR || c == C_KEY ? A_BOLD : 0);
	return term_mono[c];
}

int
term_utf8(void)
{
	return term_is_utf8;
}

int
term_take_signal(void)
{
	return signal_pending_take();
}

int
term_getkey(int timeout_ms)
{
	static int quick_errors;
	double t0;
	int key;

	wint_t wc;
	int rc;

	timeout(timeout_ms);
	t0 = clock_now_ms();
	errno = 0;
	/* Whole characters, not bytes: typing "Saint-Étienne" gives É once. */
	rc = get_wch(&wc);
	key = rc == KEY_CODE_YES ? (int)wc : rc == OK ? TERM_CHAR((int)wc) : ERR;
	if (key != ERR) {
		quick_errors = 0;
		return key;
	}
	if (errno == EIO || errno == EBADF || errno == ENXIO)
		return -2;
	/*
	 * With no terminal left, getch fails at once instead of waiting: many
	 * such failures in a row mean the terminal is gone (ncdu, htop).
	 */
	if (!signal_pending_any() && clock_now_ms() - t0 < timeout_ms / 2.0) {
		if (++quick_errors > 50)
			return -2;
	} else
		quick_errors = 0;
	return ERR;
}
