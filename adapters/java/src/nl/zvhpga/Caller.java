package nl.zvhpga;

/**
 * Who calls: a partner's id or OIN from the configuration's partner table, the user as the host
 * authenticated them, a role of docs/roles.md, and optionally (null) the id of the message that
 * carried the request.
 */
public record Caller(String organisation, String user, String role, String messageId) {
  public Caller(String organisation, String user, String role) {
    this(organisation, user, role, null);
  }
}
