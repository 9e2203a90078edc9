/* co-today-qr-codes.h: Today's note of the library's group QR codes that lapse within two days
 * or have lapsed ("group QR code lapses in N days — refresh"), each with Replace Image…, which
 * takes a new QR code's picture and gives it seven days again. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

/* A new section for the QR codes lapsing by @today + 2 days, or NULL when there are none. */
GtkWidget *co_today_qr_codes_new (CoStore    *store,
                                  const char *today);

G_END_DECLS
