package care.thoracic.platform.stream;

import care.thoracic.platform.tenancy.Caller;
import care.thoracic.platform.tenancy.CurrentCaller;
import care.thoracic.platform.tenancy.PatientAccess;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * Who opens a live stream, and until when: the bearer token's caller, or the caller a ticket was
 * issued to (for clients that cannot send a header). A stream endpoint therefore cannot declare its
 * roles with {@code @RolesAllowed}; this checks them for a token, and a ticket carries them.
 */
@RequestScoped
public class StreamOpeners {
  @Inject CurrentCaller currentCaller;
  @Inject StreamTickets tickets;
  @Inject PatientAccess access;

  /**
   * The opener of {@code stream}: by {@code ticket} if there is one, else by the bearer token, which
   * must grant one of {@code roles}. A token sent with a ticket must be the same caller's: a ticket
   * of one clinic never opens a stream for a caller of another.
   *
   * @throws InvalidStreamTicketException for a ticket that opens nothing (401, without saying why)
   */
  public StreamTickets.Redeemed open(String ticket, String stream, Set<String> roles) {
    if (ticket == null) {
      return new StreamTickets.Redeemed(currentCaller.inAnyRole(roles), currentCaller.tokenExpiry());
    }
    StreamTickets.Redeemed redeemed = tickets.redeem(ticket, stream);
    access.openedWithTicket();
    if (currentCaller.hasToken()) {
      Caller bearer = currentCaller.get();
      if (!bearer.tenant().equals(redeemed.caller().tenant()) || !bearer.subject().equals(redeemed.caller().subject())) {
        throw new InvalidStreamTicketException();
      }
    }
    return redeemed;
  }

  /** A ticket for {@code stream}, issued to the bearer token's caller (whose access the endpoint checked). */
  public StreamTickets.Issued ticketFor(Caller caller, String stream) {
    return tickets.issue(caller, currentCaller.tokenExpiry(), stream);
  }
}
