package dev.langevin.error;

import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** "Did you mean ...?" for a name that is not one of the valid ones. */
public final class Names {
    private Names() {
    }

    /**
     * The valid name closest to {@code given} in edit distance (case ignored), when it is
     * close enough to be a typo: at most a third of the longer name's length, and at least 1.
     */
    public static Optional<String> closest(String given, Collection<String> valid) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        String lower = given.toLowerCase(java.util.Locale.ROOT);
        return valid.stream()
                .min(Comparator.comparingInt((String v) -> distance.apply(lower, v.toLowerCase(java.util.Locale.ROOT)))
                        .thenComparing(Comparator.naturalOrder()))
                .filter(v -> distance.apply(lower, v.toLowerCase(java.util.Locale.ROOT))
                        <= Math.max(1, Math.max(lower.length(), v.length()) / 3));
    }

    /**
     * One sentence for an unknown name: "Unknown target 'x'; did you mean y? Known: a, b, c."
     *
     * @param kind  what the name names ("target", "algorithm", ...)
     * @param given what was asked for
     * @param valid the valid names, in the order to list them
     */
    public static String unknown(String kind, String given, Collection<String> valid) {
        String suggestion = closest(given, valid).map(v -> "; did you mean " + v + "?").orElse(".");
        return "Unknown " + kind + " '" + given + "'" + suggestion + " Known: " + String.join(", ", valid) + ".";
    }
}
