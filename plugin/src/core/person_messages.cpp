#include "core/person_messages.h"

namespace zvhpga::core {
namespace {

// No default: a new code does not compile until it has its sentences in both languages.
PersonMessage dutch(ErrorCode code) {
  switch (code) {
    case ErrorCode::MalformedXml:
    case ErrorCode::DoctypeRefused:
    case ErrorCode::UnknownOperation:
      return {"Het formulier kon niet worden gelezen. Open het opnieuw en vul het daar in.",
              "Dit onderdeel kon niet worden gelezen."};
    case ErrorCode::RequestTooLarge:
      return {"Het formulier is te groot om te versturen. Maak de teksten korter.",
              "Deze tekst is te lang."};
    case ErrorCode::SchemaInvalid:
      return {"Niet alle antwoorden zijn juist ingevuld. Verbeter de genoemde vragen.",
              "Vul dit antwoord in zoals gevraagd."};
    case ErrorCode::UnknownPartner:
      return {"Uw organisatie is niet aangesloten. Vraag de beheerder om haar aan te sluiten.",
              "Uw organisatie is niet bekend."};
    case ErrorCode::UnknownRole:
      return {"Uw rol is niet bekend. Vraag de beheerder welke rol u hebt.",
              "Deze rol is niet bekend."};
    case ErrorCode::NotAuthorized:
      return {"U mag dit niet doen in uw rol. Vraag iemand die het wel mag, of meld u opnieuw aan.",
              "Dit mag u niet doen."};
    case ErrorCode::UnknownSignal:
      return {"Deze melding bestaat niet of u mag haar niet zien.",
              "Deze melding is niet bekend."};
    case ErrorCode::SignalLocked:
      return {"De weegploeg heeft besloten deze melding niet op te pakken. Alleen de "
              "privacyfunctionaris kan haar nog inzien.",
              "Deze melding is afgesloten voor inzage."};
    case ErrorCode::UnknownContribution:
      return {"De bijdrage die u wilt herzien bestaat niet (meer). Herzie de huidige bijdrage "
              "van uw organisatie.",
              "Deze bijdrage is niet bekend."};
    case ErrorCode::UnknownItem:
      return {"Wat u noemt bestaat niet (meer). Controleer het kenmerk.",
              "Dit kenmerk is niet bekend."};
    case ErrorCode::IllegalTransition:
      return {"Deze stap kan nu niet: de melding is in een andere fase. Bekijk de melding opnieuw.",
              "Deze stap past niet bij de fase van de melding."};
    case ErrorCode::DuplicateContribution:
      return {"Uw organisatie heeft al bijgedragen aan deze ronde. Herzie die bijdrage in "
              "plaats van een nieuwe te sturen.",
              "Hier is al een bijdrage voor."};
    case ErrorCode::ContributionsMissing:
      return {"De weegploeg kan nog niet besluiten: niet alle partners hebben bijgedragen.",
              "Deze partner heeft nog niet bijgedragen."};
    case ErrorCode::ParticipantsMissing:
      return {"Noem voor elke partner wie bij het besluit aanwezig was.",
              "Noem wie er namens deze partner aanwezig was."};
    case ErrorCode::InvalidValue:
      return {"Een antwoord kan niet kloppen. Verbeter de genoemde vragen.",
              "Dit antwoord kan niet kloppen. Controleer het op een tikfout of een datum in de toekomst."};
    case ErrorCode::UnknownCatalogueVersion:
      return {"Het formulier hoort bij een versie van de criteria die hier niet geldt. Open het "
              "formulier opnieuw.",
              "Deze versie van de criteria geldt hier niet."};
    case ErrorCode::CriteriaIncomplete:
      return {"Niet alle vragen zijn volledig beantwoord. Vul de genoemde vragen aan.",
              "Beantwoord deze vraag volledig: kies of schrijf een antwoord en geef, waar "
              "gevraagd, een toelichting en waarop u het baseert."};
    case ErrorCode::CatalogueRefused:
      return {"De criteriacatalogus kan niet in gebruik worden genomen. Een beheerder moet hem "
              "verbeteren.",
              "Dit deel van de catalogus is niet juist."};
    case ErrorCode::RetentionPolicyRefused:
      return {"Het bewaarbeleid kan niet in gebruik worden genomen. Een beheerder moet het "
              "verbeteren.",
              "Dit deel van het bewaarbeleid is niet juist."};
    case ErrorCode::InvalidConfiguration:
      return {"De instellingen zijn niet juist. Een beheerder moet ze verbeteren.",
              "Deze instelling is niet juist."};
    case ErrorCode::StoreUnavailable:
      return {"Er is tijdelijk een storing; er is niets veranderd. Probeer het over enkele "
              "minuten opnieuw.",
              "Er is tijdelijk een storing."};
    case ErrorCode::Internal:
      return {"Er ging iets mis; er is niets veranderd. Meld dit bij de beheerder.",
              "Er ging iets mis."};
    case ErrorCode::RequestIdReused:
      return {"Dit formulier is al eens verstuurd met andere antwoorden. Open het formulier "
              "opnieuw.",
              "Dit formulier is al verstuurd."};
    case ErrorCode::AuditTrailBroken:
      return {"Er kan nu niets worden vastgelegd; er is niets veranderd. Meld dit bij de "
              "beheerder.",
              "Er kan nu niets worden vastgelegd."};
  }
  return dutch(ErrorCode::Internal);
}

PersonMessage english(ErrorCode code) {
  switch (code) {
    case ErrorCode::MalformedXml:
    case ErrorCode::DoctypeRefused:
    case ErrorCode::UnknownOperation:
      return {"The form could not be read. Open it again and fill it in there.",
              "This part could not be read."};
    case ErrorCode::RequestTooLarge:
      return {"The form is too large to send. Shorten the texts.", "This text is too long."};
    case ErrorCode::SchemaInvalid:
      return {"Not every answer is filled in correctly. Correct the questions listed.",
              "Fill in this answer as asked."};
    case ErrorCode::UnknownPartner:
      return {"Your organisation is not connected. Ask the administrator to connect it.",
              "Your organisation is not known."};
    case ErrorCode::UnknownRole:
      return {"Your role is not known. Ask the administrator which role you have.",
              "This role is not known."};
    case ErrorCode::NotAuthorized:
      return {"Your role may not do this. Ask someone who may, or sign in again.",
              "You may not do this."};
    case ErrorCode::UnknownSignal:
      return {"This signal does not exist or you may not see it.", "This signal is not known."};
    case ErrorCode::SignalLocked:
      return {"The weegploeg decided not to pursue this signal. Only the privacy officer can "
              "still read it.",
              "This signal is closed for reading."};
    case ErrorCode::UnknownContribution:
      return {"The contribution you want to revise does not exist (any more). Revise your "
              "organisation's current contribution.",
              "This contribution is not known."};
    case ErrorCode::UnknownItem:
      return {"What you name does not exist (any more). Check the reference.",
              "This reference is not known."};
    case ErrorCode::IllegalTransition:
      return {"This step is not possible now: the signal is in another stage. Look at the "
              "signal again.",
              "This step does not fit the signal's stage."};
    case ErrorCode::DuplicateContribution:
      return {"Your organisation already contributed to this round. Revise that contribution "
              "instead of sending a new one.",
              "There is already a contribution for this."};
    case ErrorCode::ContributionsMissing:
      return {"The weegploeg cannot decide yet: not every partner has contributed.",
              "This partner has not contributed yet."};
    case ErrorCode::ParticipantsMissing:
      return {"Name for every partner who was present at the decision.",
              "Name who was present for this partner."};
    case ErrorCode::InvalidValue:
      return {"An answer cannot be right. Correct the questions listed.",
              "This answer cannot be right. Check it for a typing error or a date in the future."};
    case ErrorCode::UnknownCatalogueVersion:
      return {"The form belongs to a version of the criteria that does not apply here. Open the "
              "form again.",
              "This version of the criteria does not apply here."};
    case ErrorCode::CriteriaIncomplete:
      return {"Not every question is answered completely. Complete the questions listed.",
              "Answer this question completely: choose or write an answer and give, where "
              "asked, a reasoning and what you base it on."};
    case ErrorCode::CatalogueRefused:
      return {"The criteria catalogue cannot be put in use. An administrator must correct it.",
              "This part of the catalogue is not right."};
    case ErrorCode::RetentionPolicyRefused:
      return {"The retention policy cannot be put in force. An administrator must correct it.",
              "This part of the retention policy is not right."};
    case ErrorCode::InvalidConfiguration:
      return {"The settings are not right. An administrator must correct them.",
              "This setting is not right."};
    case ErrorCode::StoreUnavailable:
      return {"There is a temporary fault; nothing was changed. Try again in a few minutes.",
              "There is a temporary fault."};
    case ErrorCode::Internal:
      return {"Something went wrong; nothing was changed. Report it to the administrator.",
              "Something went wrong."};
    case ErrorCode::RequestIdReused:
      return {"This form was already sent with other answers. Open the form again.",
              "This form was already sent."};
    case ErrorCode::AuditTrailBroken:
      return {"Nothing can be recorded now; nothing was changed. Report it to the administrator.",
              "Nothing can be recorded now."};
  }
  return english(ErrorCode::Internal);
}

}  // namespace

std::optional<Language> language_from_token(std::string_view token) {
  if (token == "nl") return Language::Dutch;
  if (token == "en") return Language::English;
  return std::nullopt;
}

PersonMessage person_message(ErrorCode code, Language language) {
  return language == Language::Dutch ? dutch(code) : english(code);
}

Error in_language(const Error& error, Language language) {
  const PersonMessage words = person_message(error.code, language);
  Error translated{error.code, std::string(words.message), {}};
  translated.problems.reserve(error.problems.size());
  for (const Problem& problem : error.problems)
    translated.problems.push_back({problem.field, std::string(words.problem)});
  return translated;
}

}  // namespace zvhpga::core
