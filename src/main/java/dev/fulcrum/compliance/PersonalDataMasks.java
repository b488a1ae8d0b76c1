package dev.fulcrum.compliance;

import java.util.regex.Pattern;

/**
 * How a personal field looks when it goes to a region the tenant did not allow (docs/guide/compliance.md): enough to
 * recognise a record by, not enough to identify the person. An email keeps the first character of its local part and
 * its domain ({@code a***@example.com}); a phone number or an identity number keeps its last four digits
 * ({@code +86 *** **** 0000}, {@code **************002X}); any other text keeps its first character ({@code 王**},
 * {@code 人**}). The mask does not reveal the length of what it hides.
 */
public final class PersonalDataMasks {

    private static final Pattern PHONE = Pattern.compile("[+0-9 ()./-]*[0-9][+0-9 ()./-]*");
    private static final Pattern ID_NUMBER = Pattern.compile("[0-9A-Za-z]{8,}");

    private PersonalDataMasks() {}

    public static String mask(String value) {
        String text = value.strip();
        if (text.isEmpty()) {
            return text;
        }
        int at = text.lastIndexOf('@');
        if (at > 0 && at < text.length() - 1) {
            return first(text) + "***" + text.substring(at);
        }
        long digits = text.chars().filter(Character::isDigit).count();
        if (digits >= 5
                && (PHONE.matcher(text).matches() || ID_NUMBER.matcher(text).matches())) {
            return keepLastFour(text);
        }
        return first(text) + "**";
    }

    private static String first(String text) {
        return new String(Character.toChars(text.codePointAt(0)));
    }

    /** Every letter and digit but the last four becomes {@code *}; spaces and punctuation stay. */
    private static String keepLastFour(String text) {
        StringBuilder masked = new StringBuilder(text);
        int kept = 0;
        for (int i = masked.length() - 1; i >= 0; i--) {
            if (Character.isLetterOrDigit(masked.charAt(i))) {
                if (kept < 4) {
                    kept++;
                } else {
                    masked.setCharAt(i, '*');
                }
            }
        }
        return masked.toString();
    }
}
