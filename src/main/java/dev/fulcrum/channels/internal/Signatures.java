package dev.fulcrum.channels.internal;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * HMAC-SHA256 signatures as Shopify and WooCommerce send them: base64 of the MAC over the exact raw body. Compared in
 * constant time ({@link MessageDigest#isEqual}) so the comparison leaks nothing about how much of a guess was right.
 */
public final class Signatures {

    private Signatures() {}

    public static String sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code signature} is the base64 HMAC-SHA256 of {@code body}; false for a missing signature or secret. */
    public static boolean verify(byte[] body, @Nullable String secret, @Nullable String signature) {
        if (secret == null || secret.isEmpty() || signature == null) {
            return false;
        }
        byte[] expected = sign(body, secret).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.strip().getBytes(StandardCharsets.US_ASCII));
    }
}
