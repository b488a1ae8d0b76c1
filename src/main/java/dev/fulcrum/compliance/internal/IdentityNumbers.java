package dev.fulcrum.compliance.internal;

import org.jspecify.annotations.Nullable;

/**
 * The format of a resident identity number of the People's Republic of China (GB 11643-1999): 18 characters, 17 digits
 * and a check character computed from them (ISO 7064 MOD 11-2), {@code X} standing for 10.
 */
final class IdentityNumbers {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK_CHARACTERS = "10X98765432";

    private IdentityNumbers() {}

    /** Why {@code number} is not a valid identity number, or null when it is one. */
    static @Nullable String problem(String number) {
        if (number.length() != 18) {
            return "must be 18 characters, not " + number.length();
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = number.charAt(i);
            if (c < '0' || c > '9') {
                return "must be 17 digits followed by a digit or X";
            }
            sum += (c - '0') * WEIGHTS[i];
        }
        char expected = CHECK_CHARACTERS.charAt(sum % 11);
        if (Character.toUpperCase(number.charAt(17)) != expected) {
            return "its check character (GB 11643) does not match its first 17 digits";
        }
        return null;
    }
}
