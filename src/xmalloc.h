/* SPDX-License-Identifier: ISC */
/* Allocation helpers that never return NULL, and fatal() for bugs. */
#ifndef MEDIFLUX_XMALLOC_H
#define MEDIFLUX_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

#define PRINTFLIKE(a, b) __attribute__((format(printf, a, b)))
#define NORETURN __attribute__((noreturn))

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) PRINTFLIKE(1, 2);
char	*xvasprintf(const char *, va_list) PRINTFLIKE(1, 0);

/* Frees n strings (NULL ones too) and the array holding them. */
void	 xfree_strings(char **, size_t n);

/*
 * Has the C library keep freed memory for the next query rather than hand
 * it back to the system (called first by every program that queries).
 */
void	 xmalloc_keep_freed(void);

/*
 * Has the C library hand freed memory back to the system at once, for a
 * program whose peak is bounded (an import) rather than its next query.
 */
void	 xmalloc_give_back_freed(void);

/* Reports a bug (with errno when fatal) and aborts; never for user errors. */
void	 fatal(const char *, ...) PRINTFLIKE(1, 2) NORETURN;
void	 fatalx(const char *, ...) PRINTFLIKE(1, 2) NORETURN;

/* Lets the front end restore the terminal before a fatal message is printed. */
void	 fatal_set_hook(void (*)(void));

/* Stores a formatted message in *cause (if cause is not NULL) and returns -1. */
int	 error_set(char **cause, const char *, ...) PRINTFLIKE(2, 3);

#endif
