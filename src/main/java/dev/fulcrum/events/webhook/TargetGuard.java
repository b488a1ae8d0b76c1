package dev.fulcrum.events.webhook;

import dev.fulcrum.shared.ApiProblem;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Refuses webhook targets that would let a subscriber reach inside Fulcrum's network (SSRF): hosts resolving to
 * loopback, private (RFC 1918, IPv6 unique local), carrier-grade NAT, link-local (including the cloud metadata
 * address 169.254.169.254), multicast or unspecified addresses, unless the host or address is on the allow-list.
 * Checked when a subscription is created and again before every attempt, since DNS answers change.
 */
final class TargetGuard {

    private final List<String> allowlist;

    TargetGuard(List<String> allowlist) {
        this.allowlist =
                allowlist.stream().map(entry -> entry.toLowerCase(Locale.ROOT)).toList();
    }

    /** The reason the URL may not be targeted, or null when it may. */
    @Nullable
    String refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException malformed) {
            return "is not a valid URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return "must be an http or https URL";
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return "must name a host";
        }
        if (uri.getUserInfo() != null) {
            return "must not carry credentials";
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (allowlist.contains(host)) {
            return null;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException unknown) {
            return "names a host that does not resolve";
        }
        for (InetAddress address : addresses) {
            if (isInternal(address)
                    && !allowlist.contains(address.getHostAddress().toLowerCase(Locale.ROOT))) {
                return "resolves to the internal address " + address.getHostAddress()
                        + ", which is refused unless it is on fulcrum.webhooks.allowlist";
            }
        }
        return null;
    }

    void check(String field, String url) {
        String refusal = refusal(url);
        if (refusal != null) {
            throw ApiProblem.invalid(field, refusal);
        }
    }

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isSiteLocalAddress()
                || address.isLinkLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first == 0
                    || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT 100.64/10
                    || (first == 192 && second == 0 && (bytes[2] & 0xff) == 0) // IETF protocol assignments
                    || (first == 198 && (second == 18 || second == 19)) // benchmarking
                    || first >= 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            int first = bytes[0] & 0xff;
            if ((first & 0xfe) == 0xfc) { // unique local fc00::/7
                return true;
            }
            boolean mappedV4 = true; // ::ffff:a.b.c.d carries an IPv4 address
            for (int i = 0; i < 10; i++) {
                mappedV4 &= bytes[i] == 0;
            }
            if (mappedV4 && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff) {
                try {
                    return isInternal(InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16)));
                } catch (UnknownHostException impossible) {
                    return true;
                }
            }
        }
        return false;
    }
}
