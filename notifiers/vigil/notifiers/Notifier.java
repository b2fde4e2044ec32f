package vigil.notifiers;

/** Delivers a message to one destination, once. */
public interface Notifier {
    Outcome send(Message message, String destination);
}
