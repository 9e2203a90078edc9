/* co-library-sample.c: the sample workspace's library (co_library_add_sample): scripts written
 * for each language, not translated from one to the other, and images drawn with cairo and pango
 * when the sample is made. The QR code is a pattern that looks like one and scans as nothing. */
#include "config.h"

#include <pango/pangocairo.h>
#include <string.h>

#include "core/formats/co-date.h"
#include "core/library/co-library.h"
#include "core/library/co-library-template.h"
#include "core/store/co-store-private.h"

typedef struct
{
  const char *title;
  const char *stage;
  const char *group_type;
  const char *topic;
  const char *body;
  guint       uses;
} SampleText;

static const SampleText chinese_texts[] = {
  { "入群欢迎语", "before-launch", NULL, "欢迎",
    "欢迎 {昵称} 加入{群名}！\n先花一分钟看看群公告和群规，把群昵称改成“城市-姓名-行业”。\n"
    "有问题随时@群主，多多交流，一起成长～", 23 },
  { "群规", "before-launch", NULL, "群规",
    "【{群名}群规】\n1. 群昵称统一为：城市-姓名-行业；\n2. 不发广告、拉票和砍价链接，违者直接移出；\n"
    "3. 不刷屏，不发与主题无关的长语音；\n4. 有分歧请私聊，群里友善交流；\n5. 每周四晚8点是固定话题时间，欢迎准时来聊。\n"
    "谢谢大家配合，一起把群维护好！", 9 },
  { "新人破冰自我介绍", "before-launch", NULL, "破冰",
    "新朋友们来做个自我介绍吧！可以参考这个格式：\n我是___，在___，做___；\n最近在研究___，希望在群里收获___。\n"
    "介绍完记得@一位你想认识的群友～", 6 },
  { "每周话题", "running", NULL, "每周话题",
    "【本周话题】\n这周想和大家聊聊：你最近遇到的一个难题是什么？最后是怎么解决的？\n"
    "周四晚8点群里见，分享的朋友本周积分翻倍！", 4 },
  { "活动预告", "running", NULL, "活动",
    "【活动预告】{活动}\n时间：{时间}\n报名：{链接}\n名额有限，先到先得；报名后在群里接龙，方便我们统计人数。", 3 },
  { "打卡提醒", "running", "activity", "打卡",
    "叮～今天还没打卡的小伙伴抓紧啦！\n今日任务：读一篇文献，写三句话总结，发到群里并带上 #打卡。\n"
    "连续打卡7天可以换一次一对一答疑。", 12 },
  { "沉默成员唤醒", "feedback", NULL, "促活",
    "{昵称}，好久没在群里看到你啦～最近在忙什么？\n这周有个{活动}，感觉挺适合你的，有空来看看？", 0 },
};

static const SampleText english_texts[] = {
  { "Welcome message", "before-launch", NULL, "welcome",
    "Welcome to {group}, {nickname}!\nTake a minute to read the pinned notice and the rules, and set your"
    " group nickname to City-Name-Field.\nQuestions? Mention the owner any time. Glad to have you here.", 23 },
  { "Group rules", "before-launch", NULL, "rules",
    "{group} rules\n1. Nickname: City-Name-Field.\n2. No ads, vote requests or bargain links: they get you removed.\n"
    "3. No flooding, no long voice messages off topic.\n4. Disagree in private, be kind in the group.\n"
    "5. Thursday 20:00 is our weekly topic: come and join.\nThanks for keeping this a good place.", 9 },
  { "Icebreaker", "before-launch", NULL, "icebreaker",
    "New here? Tell us about yourself:\nI'm ___, based in ___, working on ___.\nLately I've been exploring ___,"
    " and I hope to get ___ out of this group.\nThen mention one member you'd like to meet.", 6 },
  { "Topic of the week", "running", NULL, "weekly topic",
    "Topic of the week\nWhat's one hard problem you ran into lately, and how did you solve it?\n"
    "See you Thursday at 20:00: everyone who shares gets double points this week.", 4 },
  { "Activity announcement", "running", NULL, "activity",
    "Coming up: {activity}\nWhen: {time}\nSign up: {link}\nPlaces are limited. Once you've signed up, add your"
    " name to the list in the group so we can count.", 3 },
  { "Check-in reminder", "running", "activity", "check-in",
    "A nudge for everyone who hasn't checked in today!\nToday: read one paper, sum it up in three sentences and"
    " post it with #checkin.\nSeven days in a row earns a one-to-one Q&A.", 12 },
  { "Wake a quiet member", "feedback", NULL, "re-engage",
    "Hi {nickname}, we haven't seen you in the group for a while. What have you been up to?\n"
    "{activity} is on this week and looks like your kind of thing: come and have a look?", 0 },
};

typedef struct { double r, g, b; } Color;

static void
draw_text (cairo_t      *cr,
           const char   *family,
           const char   *text,
           double        size,
           gboolean      bold,
           double        x,
           double        y,
           double        width)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family (font, family);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
surface_png (cairo_surface_t *surface)
{
  GByteArray *png = g_byte_array_new ();

  if (cairo_surface_write_to_png_stream (surface, append_png, png) != CAIRO_STATUS_SUCCESS)
    {
      g_byte_array_unref (png);
      return NULL;
    }
  return g_byte_array_free_to_bytes (png);
}

/* A poster of 540×960 (half of a phone's 1080×1920): a colour band, a title, a line below. */
static GBytes *
draw_poster (const char  *family,
             const Color *color,
             const char  *title,
             const char  *subtitle,
             const char  *footer)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 540, 960);
  cairo_t *cr = cairo_create (surface);
  GBytes *png;

  cairo_set_source_rgb (cr, color->r, color->g, color->b);
  cairo_paint (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.14);
  cairo_arc (cr, 470, 140, 220, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_arc (cr, 60, 820, 160, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  draw_text (cr, family, title, 54, TRUE, 40, 300, 460);
  draw_text (cr, family, subtitle, 26, FALSE, 40, 480, 460);
  cairo_rectangle (cr, 40, 800, 460, 2);
  cairo_fill (cr);
  draw_text (cr, family, footer, 22, FALSE, 40, 830, 460);
  cairo_destroy (cr);
  png = surface_png (surface);
  cairo_surface_destroy (surface);
  return png;
}

/* A QR code's look: three finder squares and modules from a fixed seed. */
static GBytes *
draw_qr (void)
{
  const int modules = 29, scale = 8, margin = 32, side = modules * scale + 2 * margin;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, side, side);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GRand) rand = g_rand_new_with_seed (18);
  static const int finders[][2] = { { 0, 0 }, { 22, 0 }, { 0, 22 } };
  GBytes *png;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int y = 0; y < modules; y++)
    for (int x = 0; x < modules; x++)
      {
        gboolean in_finder = FALSE;

        for (guint f = 0; f < G_N_ELEMENTS (finders); f++)
          in_finder |= x >= finders[f][0] - 1 && x < finders[f][0] + 8 && y >= finders[f][1] - 1 &&
                       y < finders[f][1] + 8;
        if (!in_finder && g_rand_boolean (rand))
          cairo_rectangle (cr, margin + x * scale, margin + y * scale, scale, scale);
      }
  cairo_fill (cr);
  for (guint f = 0; f < G_N_ELEMENTS (finders); f++)
    {
      double x = margin + finders[f][0] * scale, y = margin + finders[f][1] * scale;

      cairo_rectangle (cr, x, y, 7 * scale, 7 * scale);
      cairo_rectangle (cr, x + scale, y + 6 * scale, 5 * scale, -5 * scale);  /* the other way: a hole */
      cairo_rectangle (cr, x + 2 * scale, y + 2 * scale, 3 * scale, 3 * scale);
      cairo_fill (cr);
    }
  cairo_destroy (cr);
  png = surface_png (surface);
  cairo_surface_destroy (surface);
  return png;
}

static gboolean
user_reads_chinese (void)
{
  const char *const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_has_prefix (names[i], "zh"))
        return TRUE;
      if (g_str_has_prefix (names[i], "en") || g_str_equal (names[i], "C"))
        return FALSE;
    }
  return FALSE;
}

static gboolean
set_uses (CoStore  *store,
          gint64    id,
          guint     uses,
          int       days_ago,
          GError  **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "UPDATE library_items SET use_count = ?1,"
                                                " last_used = strftime ('%Y-%m-%dT%H:%M:%SZ', 'now', ?2) WHERE id = ?3",
                                         error);
  g_autofree char *ago = g_strdup_printf ("-%d days", days_ago);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, uses);
  sqlite3_bind_text (stmt, 2, ago, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, id);
  return co_store_step_done (store, stmt, error);
}

/* The plans name them: the activity reminders of the SOPs bring the reading circle's poster, the
 * content calendars' discussions the meetup's poster and their rules reminders the rules. */
static gboolean
link_sample (CoStore  *store,
             gint64    rules,
             gint64    reading_poster,
             gint64    meetup_poster,
             GError  **error)
{
  static const char *const sql[] = {
    "UPDATE sop_steps SET library_item_id = ?1 WHERE trigger = 'activity' AND deleted_at IS NULL",
    "UPDATE content_items SET library_item_id = ?1 WHERE slot = 'discussion' AND deleted_at IS NULL",
    "UPDATE content_items SET library_item_id = ?1 WHERE slot = 'rules-reminder' AND deleted_at IS NULL",
  };
  const gint64 ids[] = { reading_poster, meetup_poster, rules };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      sqlite3_stmt *stmt = co_store_prepare (store, sql[i], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      if (!co_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
co_library_add_sample (CoStore  *store,
                       GError  **error)
{
  static const Color green = { 0.118, 0.420, 0.322 }, orange = { 0.851, 0.373, 0.188 }, blue = { 0.141, 0.318, 0.561 };
  gboolean chinese = user_reads_chinese ();
  const SampleText *texts = chinese ? chinese_texts : english_texts;
  const char *family = chinese ? "WenQuanYi Micro Hei" : "DejaVu Sans";
  g_autofree char *today = co_date_today ();
  g_autofree char *tomorrow = co_date_add_days (today, 1);
  g_autoptr(GBytes) reading = draw_poster (family, &green, chinese ? "春季读书会" : "Spring Reading Circle",
                                           chinese ? "每周四晚 8 点 · 线上共读\n四周读完一本方法论" : "Thursdays at 20:00, online\nOne method book in four weeks",
                                           chinese ? "扫码进群 · 名额 100 人" : "Scan to join · 100 places");
  g_autoptr(GBytes) meetup = draw_poster (family, &orange, chinese ? "深圳线下交流会" : "Shenzhen Meetup",
                                          chinese ? "和同行面对面聊选题\n茶歇 + 自由交流" : "Meet your peers in person\nTea and open talks",
                                          chinese ? "报名请联系群主" : "Ask the owner to sign up");
  g_autoptr(GBytes) slogan = draw_poster (family, &blue, chinese ? "一起读，走得更远" : "Read together, go further",
                                          chinese ? "研究者的交流社群" : "A community of researchers", "");
  g_autoptr(GBytes) qr = draw_qr ();
  gint64 text_ids[G_N_ELEMENTS (chinese_texts)], image_ids[4];
  const struct { const char *kind, *title, *topic, *stage; GBytes *image; const char *expires; guint uses; } images[] = {
    { "poster", chinese ? "春季读书会海报" : "Spring reading circle poster", chinese ? "活动" : "activity", "running",
      reading, NULL, 5 },
    { "poster", chinese ? "线下交流会海报" : "Meetup poster", chinese ? "活动" : "activity", "running", meetup, NULL, 2 },
    { "slogan", chinese ? "社群口号图" : "Slogan image", chinese ? "品牌" : "brand", "preparation", slogan, NULL, 1 },
    { "qr", chinese ? "文献交流群 群二维码" : "Literature group QR code", chinese ? "拉新" : "growth", "running",
      qr, tomorrow, 8 },
  };

  if (reading == NULL || meetup == NULL || slogan == NULL || qr == NULL)
    {
      g_set_error_literal (error, CO_LIBRARY_ERROR, CO_LIBRARY_ERROR_READ, "cairo could not draw the sample's images");
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (chinese_texts); i++)
    {
      CoLibraryNew item = { "text", texts[i].title, texts[i].body, texts[i].stage, texts[i].group_type,
                            texts[i].topic, NULL, NULL };
      /* A template of the sample's groups (the 13-step launch) may have brought it already. */
      gint64 id = co_library_find_title (store, texts[i].title);

      if (id == 0)
        id = co_library_add (store, &item, error);
      if (id == 0 || (texts[i].uses > 0 && !set_uses (store, id, texts[i].uses, (int) i, error)))
        return FALSE;
      text_ids[i] = id;
    }
  for (guint i = 0; i < G_N_ELEMENTS (images); i++)
    {
      CoLibraryNew item = { images[i].kind, images[i].title, NULL, images[i].stage, NULL, images[i].topic,
                            images[i].expires, images[i].image };

      if ((image_ids[i] = co_library_add (store, &item, error)) == 0 ||
          !set_uses (store, image_ids[i], images[i].uses, (int) i + 1, error))
        return FALSE;
    }
  return link_sample (store, text_ids[1], image_ids[0], image_ids[1], error);
}
