package dev.fulcrum.console;

import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/** The languages the console speaks: English and Simplified Chinese. */
final class ConsoleLocales {

    static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE);

    private ConsoleLocales() {}

    /** The supported language closest to the given one: any Chinese is Simplified Chinese, anything else English. */
    static Locale supported(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
    }

    /** The first of the browser's languages (in preference order) that the console speaks, else English. */
    static Locale bestOf(Enumeration<Locale> preferred) {
        while (preferred.hasMoreElements()) {
            Locale locale = preferred.nextElement();
            if ("zh".equals(locale.getLanguage()) || "en".equals(locale.getLanguage())) {
                return supported(locale);
            }
        }
        return Locale.ENGLISH;
    }
}
