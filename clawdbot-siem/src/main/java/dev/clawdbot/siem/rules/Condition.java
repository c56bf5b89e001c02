package dev.clawdbot.siem.rules;

import java.time.DayOfWeek;
import java.util.List;
import java.util.Set;

/** One test a rule makes on the current event; all of a rule's conditions must hold. */
sealed interface Condition {

    boolean test(Observed ev);

    /** {@code match}, {@code regex}, {@code field}, {@code user}, {@code program_name}, {@code hostname}, ... */
    record PatternOn(String field, TextPattern pattern) implements Condition {
        @Override
        public boolean test(Observed ev) {
            String v = ev.value(field);
            return v != null && pattern.test(v);
        }
    }

    record DecodedAs(String name) implements Condition {
        @Override
        public boolean test(Observed ev) {
            return name.equals(ev.decoded().name());
        }
    }

    record Category(String type) implements Condition {
        @Override
        public boolean test(Observed ev) {
            return type.equals(ev.decoded().type());
        }
    }

    /** {@code srcip}/{@code dstip}: in one of the positive ranges (when any) and in none of the negated. */
    record Ips(String field, List<IpRange> positive, List<IpRange> negative) implements Condition {
        @Override
        public boolean test(Observed ev) {
            String ip = ev.value(field);
            if (ip == null) return false;
            if (!positive.isEmpty() && positive.stream().noneMatch(r -> r.contains(ip))) return false;
            return negative.stream().noneMatch(r -> r.contains(ip));
        }
    }

    /** {@code time}: minutes after midnight, the range may wrap past midnight. */
    record TimeOfDay(int fromMinute, int toMinute, boolean negate) implements Condition {
        @Override
        public boolean test(Observed ev) {
            int m = ev.time().getHour() * 60 + ev.time().getMinute();
            boolean in = fromMinute <= toMinute ? m >= fromMinute && m <= toMinute : m >= fromMinute || m <= toMinute;
            return in != negate;
        }
    }

    record Weekdays(Set<DayOfWeek> days, boolean negate) implements Condition {
        @Override
        public boolean test(Observed ev) {
            return days.contains(ev.time().getDayOfWeek()) != negate;
        }
    }

    record MaxSize(int bytes) implements Condition {
        @Override
        public boolean test(Observed ev) {
            return ev.fullLog().length() > bytes;
        }
    }

    /** {@code <list field= lookup=>}: a CDB list lookup; {@code checkValue} tests the value for *_value lookups. */
    record ListLookup(String field, String lookup, CdbList list, TextPattern checkValue) implements Condition {
        @Override
        public boolean test(Observed ev) {
            String key = ev.value(field);
            if (key == null) return false;
            return switch (lookup) {
                case "match_key" -> list.get(key) != null;
                case "not_match_key" -> list.get(key) == null;
                case "match_key_value" -> valueMatches(list.get(key));
                case "address_match_key" -> list.getAddress(key) != null;
                case "not_address_match_key" -> list.getAddress(key) == null;
                case "address_match_key_value" -> valueMatches(list.getAddress(key));
                default -> false;
            };
        }

        private boolean valueMatches(String value) {
            return value != null && (checkValue == null || checkValue.test(value));
        }
    }
}
