/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "fiche.h"
#include "i18n.h"
#include "out.h"
#include "texttable.h"

struct fiche *
fiche_new(const char *title)
{
	struct fiche *f = xcalloc(1, sizeof *f);

	f->title = xstrdup(title);
	return f;
}

void
fiche_free(struct fiche *f)
{
	struct fiche_section *s;
	size_t i, j;

	if (f == NULL)
		return;
	for (i = 0; i < f->nsections; i++) {
		s = &f->sections[i];
		free(s->title);
		for (j = 0; j < s->nrows * (size_t)s->ncols; j++)
			free(s->cells[j]);
		free(s->cells);
		for (j = 0; j < s->nnotes; j++)
			free(s->notes[j]);
		free(s->notes);
	}
	free(f->sections);
	free(f->title);
	free(f);
}

struct fiche_section *
fiche_section(struct fiche *f, const char *title, int ncols, int header)
{
	struct fiche_section *s;

	if (ncols < 1 || ncols > FICHE_MAX_COLUMNS)
		fatalx("a fiche section of %d columns", ncols);
	f->sections = xreallocarray(f->sections, f->nsections + 1,
	    sizeof *f->sections);
	s = &f->sections[f->nsections++];
	memset(s, 0, sizeof *s);
	s->title = xstrdup(title);
	s->ncols = ncols;
	s->header = header;
	return s;
}

void
fiche_align_right(struct fiche_section *s, int column)
{
	s->right |= 1u << column;
}

void
fiche_row(struct fiche_section *s, const char *const *cells)
{
	size_t base = s->nrows * (size_t)s->ncols;
	int c;

	s->cells = xreallocarray(s->cells, base + (size_t)s->ncols,
	    sizeof *s->cells);
	for (c = 0; c < s->ncols; c++)
		s->cells[base + (size_t)c] = xstrdup(cells[c] != NULL ? cells[c] :
		    "");
	s->nrows++;
}

void
fiche_field(struct fiche_section *s, const char *label, const char *value)
{
	/* TRANSLATORS: not declared, a value its source left empty. */
	const char *cells[2] = { label, value != NULL ? value : _("n/a") };

	fiche_row(s, cells);
}

void
fiche_note(struct fiche_section *s, const char *fmt, ...)
{
	va_list ap;

	s->notes = xreallocarray(s->notes, s->nnotes + 1, sizeof *s->notes);
	va_start(ap, fmt);
	s->notes[s->nnotes++] = xvasprintf(fmt, ap);
	va_end(ap);
}

void
fiche_print(const struct fiche *f, FILE *out)
{
	const struct fiche_section *s;
	struct texttable *t;
	size_t i, r;
	int c;

	out_printf(out, "%s\n", f->title);
	for (i = 0; i < f->nsections; i++) {
		s = &f->sections[i];
		out_printf(out, "\n%s\n", s->title);
		if (s->nrows > 0) {
			t = texttable_new(s->ncols);
			for (c = 0; c < s->ncols; c++)
				if (s->right & (1u << c))
					texttable_align_right(t, c);
			for (r = 0; r < s->nrows; r++)
				texttable_add(t, (const char *const *)&s->cells[r *
				    (size_t)s->ncols]);
			texttable_print(t, out, 2);
			texttable_free(t);
		}
		for (r = 0; r < s->nnotes; r++)
			out_printf(out, "  %s\n", s->notes[r]);
	}
}
