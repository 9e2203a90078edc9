/* co-today-qr-codes.h: Today's note of the library's group QR codes that lapse within two days
 * or have lapsed ("group QR code lapses in N days — refresh"), each with Replace Image…, which
 * takes a new QR code's picture and gives it seven days again. */
#pragma once

#include <adwaita.h>

#include "gui/today/co-today-section.h"

G_BEGIN_DECLS

/* The QR codes lapsing by today + 2 days, read in Today's worker; shown only when there are some. */
extern const CoTodaySection co_today_qr_codes_section;

G_END_DECLS
