/* co-label.c: each run of text between spaces gets Pango's allow-breaks=false. */
#include "config.h"

#include "gui/widgets/co-label.h"

void
co_label_wrap_between_words (GtkLabel *label)
{
  const char *text = gtk_label_get_text (label);
  PangoAttrList *attributes = pango_attr_list_new ();
  const char *run = text, *p = text;

  for (;;)
    {
      gboolean end = *p == '\0';

      if (end || g_unichar_isspace (g_utf8_get_char (p)))
        {
          if (p > run)
            {
              PangoAttribute *no_breaks = pango_attr_allow_breaks_new (FALSE);

              no_breaks->start_index = (guint) (run - text);
              no_breaks->end_index = (guint) (p - text);
              pango_attr_list_insert (attributes, no_breaks);
            }
          if (end)
            break;
          run = g_utf8_next_char (p);
        }
      p = g_utf8_next_char (p);
    }
  gtk_label_set_attributes (label, attributes);
  gtk_label_set_wrap (label, TRUE);
  pango_attr_list_unref (attributes);
}
