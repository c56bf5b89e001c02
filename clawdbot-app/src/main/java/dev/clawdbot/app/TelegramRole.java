package dev.clawdbot.app;

import dev.clawdbot.channels.telegram.AdminBot;
import dev.clawdbot.channels.telegram.TelegramChannel;
import dev.clawdbot.channels.mail.MailWatcher;
import dev.clawdbot.core.role.Role;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code telegram} role: the user bot ({@code telegram.enabled}) with the mail notifier that reports into its
 * operator chat ({@code mail.mailboxes}), and the admin/operator bot ({@code adminBot.enabled}). Each part is null
 * when its config is off; with all three off the role does nothing. Started user bot, mail notify, admin bot (the
 * order the gateway always used) and closed in reverse.
 */
final class TelegramRole implements Role {

    private final TelegramChannel userBot;
    private final MailWatcher mail;
    private final AdminBot adminBot;

    TelegramRole(TelegramChannel userBot, MailWatcher mail, AdminBot adminBot) {
        this.userBot = userBot;
        this.mail = mail;
        this.adminBot = adminBot;
    }

    TelegramChannel userBot() {
        return userBot;
    }

    MailWatcher mail() {
        return mail;
    }

    AdminBot adminBot() {
        return adminBot;
    }

    @Override
    public String name() {
        return "telegram";
    }

    @Override
    public void start() {
        if (userBot != null) userBot.start();
        if (mail != null) mail.start();
        if (adminBot != null) adminBot.start();
    }

    @Override
    public void close() {
        List<AutoCloseable> parts = new ArrayList<>();
        if (adminBot != null) parts.add(adminBot);
        if (mail != null) parts.add(mail);
        if (userBot != null) parts.add(userBot);
        RuntimeException first = null;
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                if (first == null) first = new IllegalStateException("closing " + part.getClass().getSimpleName() + ": " + e.getMessage(), e);
            }
        }
        if (first != null) throw first;
    }
}
