// GetForm through the public ABI: the neutral form of each stage from the catalogue in force,
// and its XHTML rendering with every input bound to a label.
#include <regex>
#include <set>

#include "gemeenten_fixture.h"
#include "plugin_fixture.h"

namespace zvhpga::testing {
namespace {

std::string form_request(const std::string& stage, const std::string& extra = {}) {
  return "<GetFormRequest xmlns=\"urn:nl:zvh-pga:contract:1\"><stage>" + stage + "</stage>" +
         extra + "</GetFormRequest>";
}

std::vector<std::string> all(const std::string& text, const std::string& pattern) {
  std::vector<std::string> found;
  const std::regex expression(pattern);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), expression);
       it != std::sregex_iterator(); ++it)
    found.push_back((*it)[1]);
  return found;
}

class Forms : public PluginTest {
 protected:
  std::string form(const Caller& caller, const std::string& stage, const std::string& extra = {}) {
    const Reply reply = call(caller, form_request(stage, extra));
    EXPECT_EQ(reply.status, ZVHPGA_OK) << reply.document;
    return reply.document;
  }
};

TEST_F(Forms, TheContributionFormAsksEveryCriterionOfItsStage) {
  const std::string document = form(kPolitie, "contribution");
  const auto criteria = all(document, "<criterion>([^<]*)</criterion>");
  EXPECT_EQ(criteria.size(), 16u);
  EXPECT_EQ(criteria.front(), "feiten.wat");
  EXPECT_EQ(criteria.back(), "duiding.zekerheid");
  EXPECT_EQ(all(document, "<required>(true)</required>").size(), 16u);
  EXPECT_NE(document.find("<catalogueVersion>2026.1</catalogueVersion>"), std::string::npos);
  EXPECT_NE(document.find("<label>Niet van toepassing</label>"), std::string::npos);
  EXPECT_NE(document.find("<label>Hangen de signalen met elkaar samen?</label>"), std::string::npos);
}

TEST_F(Forms, TheDecisionFormLeavesTheFactsToTheIntakeAndThePartners) {
  const auto criteria = all(form(kChair, "decision"), "<criterion>([^<]*)</criterion>");
  EXPECT_EQ(criteria.size(), 12u);
  for (const std::string& criterion : criteria) EXPECT_FALSE(criterion.starts_with("feiten."));
}

TEST_F(Forms, TheIntakeFormAsksTheObservedFacts) {
  EXPECT_EQ(all(form(kIntake, "intake"), "<criterion>([^<]*)</criterion>"),
            (std::vector<std::string>{"feiten.wat", "feiten.wanneer", "feiten.door-wie",
                                      "feiten.bron"}));
}

TEST_F(Forms, AStageTheCatalogueAsksNothingOfIsNotIntroducedToItsCriteria) {
  const std::string document = form(kChair, "closure", "<includeXhtml>true</includeXhtml>");
  const std::string xhtml = document.substr(document.find("<form "));
  EXPECT_EQ(xhtml.find("geen afvinklijst"), std::string::npos) << xhtml;
  EXPECT_EQ(xhtml.find("<fieldset"), std::string::npos);
  const std::string contribution =
      form(kGemeente, "contribution", "<includeXhtml>true</includeXhtml>");
  EXPECT_NE(contribution.substr(contribution.find("<form ")).find("geen afvinklijst"),
            std::string::npos);
}

TEST_F(Forms, TheFormIsForTheCallersPartnerUnlessAnotherIsNamed) {
  EXPECT_NE(form(kPolitie, "contribution").find("<partner>politie</partner>"), std::string::npos);
  EXPECT_NE(form(kPolitie, "contribution", "<partner>om</partner>").find("<partner>om</partner>"),
            std::string::npos);
}

TEST_F(Forms, TheXhtmlRenderingBindsEveryInputToALabel) {
  const std::string document = form(kGemeente, "contribution", "<includeXhtml>true</includeXhtml>");
  ASSERT_NE(document.find("<form xmlns=\"http://www.w3.org/1999/xhtml\""), std::string::npos);
  EXPECT_NE(document.find("lang=\"nl\""), std::string::npos);
  const auto controls = all(document, "<(?:input|textarea)[^>]* id=\"([^\"]+)\"");
  const auto labels = all(document, "<label for=\"([^\"]+)\"");
  ASSERT_FALSE(controls.empty());
  const std::set<std::string> labelled(labels.begin(), labels.end());
  for (const std::string& control : controls)
    EXPECT_TRUE(labelled.contains(control)) << control << " has no label";
  // One fieldset per section, each with its legend.
  EXPECT_EQ(all(document, "<fieldset [^>]*(id)=\"sectie-").size(), 9u);
  EXPECT_NE(document.find(">Samenhang en stevigheid van de signalen</legend>"), std::string::npos);
}

constexpr const char* kXhtml = "<includeXhtml>true</includeXhtml>";

TEST_F(Forms, TheXhtmlHeadingStartsAtTheLevelTheHostAsks) {
  const std::string nested =
      form(kGemeente, "contribution", std::string(kXhtml) + "<headingLevel>3</headingLevel>");
  EXPECT_EQ(all(nested, "<(h[1-6])[ >]"), std::vector<std::string>{"h3"});
  EXPECT_NE(nested.find("<h3 class=\"utrecht-heading-3\">"), std::string::npos);
  EXPECT_EQ(all(form(kGemeente, "contribution", kXhtml), "<(h[1-6])[ >]"),
            std::vector<std::string>{"h2"});
}

TEST_F(Forms, AHeadingLevelBeyondFiveIsRefused) {
  const Reply reply = call(kGemeente, form_request("contribution", std::string(kXhtml) +
                                                                       "<headingLevel>6</headingLevel>"));
  EXPECT_EQ(reply.text_of("code"), "schema-invalid") << reply.document;
}

// Dutch government guidance: most fields are required, so the optional ones are marked.
TEST_F(Forms, OptionalFieldsAreMarkedAndRequiredOnesAreNot) {
  const std::string document = form(kGemeente, "contribution", kXhtml);
  EXPECT_EQ(document.find("(verplicht)"), std::string::npos);
  EXPECT_FALSE(all(document, "(\\(niet verplicht\\))").empty());
  // Every required text answer's label is unmarked.
  const auto required = all(document, "<textarea id=\"([^\"]+)\"[^>]* required=");
  ASSERT_FALSE(required.empty());
  for (const std::string& id : required) {
    const auto label = all(document, "<label for=\"" + std::regex_replace(id, std::regex("\\."), "\\.") +
                                         "\"[^>]*>([^<]*)</label>");
    ASSERT_EQ(label.size(), 1U) << id;
    EXPECT_EQ(label.front().find("niet verplicht"), std::string::npos) << id;
  }
}

TEST_F(Forms, TheXhtmlCarriesTheUtrechtComponentClassNames) {
  const std::string document = form(kGemeente, "contribution", kXhtml);
  for (const char* name :
       {"utrecht-form-field ", "utrecht-form-label", "utrecht-form-fieldset ",
        "utrecht-form-fieldset__legend", "utrecht-form-field-description", "utrecht-textarea ",
        "utrecht-textbox ", "utrecht-radio-button ", "utrecht-checkbox ", "utrecht-button "})
    EXPECT_NE(document.find(name), std::string::npos) << name;
}

// A theme of the NL Design System lays a form field out by its parts: the label, the
// description and the control each in its own, the radio button before its label.
TEST_F(Forms, EveryLabelAndControlSitsInItsPartOfAnUtrechtFormField) {
  const std::string document = form(kGemeente, "contribution", kXhtml);
  const auto labels = all(document, "<label for=\"([^\"]+)\"");
  const auto controls = all(document, "<(?:input|textarea) [^>]*id=\"([^\"]+)\"");
  ASSERT_FALSE(controls.empty());
  EXPECT_EQ(all(document, "<div class=\"utrecht-form-field__label\">\\s*<label for=\"([^\"]+)\""),
            labels);
  EXPECT_EQ(all(document, "<div class=\"utrecht-form-field__input\">\\s*<(?:input|textarea) "
                          "[^>]*id=\"([^\"]+)\""),
            controls);
  EXPECT_FALSE(all(document, "<div class=\"utrecht-form-field utrecht-form-field--(radio)\">\\s*"
                             "<div class=\"utrecht-form-field__input\">\\s*<input type=\"radio\"")
                   .empty());
  // A text question's help is its field's description, and describes the control.
  EXPECT_EQ(all(document, "</label>\\s*</div>\\s*<p id=\"(feiten\\.wat--help)\" class=\"help "
                          "utrecht-form-field__description utrecht-form-field-description\">"),
            std::vector<std::string>{"feiten.wat--help"});
  EXPECT_EQ(all(document, "<textarea id=\"feiten\\.wat\" [^>]*aria-describedby=\"([^\"]+)\""),
            std::vector<std::string>{"feiten.wat--help"});
}

// Polyglot markup: an empty non-void element written as <x/> is read by an HTML parser as a
// start tag that never ends.
TEST_F(Forms, TheXhtmlClosesNoNonVoidElementItself) {
  const std::string document = form(kGemeente, "contribution", kXhtml);
  const std::string fragment = document.substr(document.find("<form "));
  for (const std::string& name : all(fragment, "<([a-z0-9]+)[^>]*/>"))
    EXPECT_EQ(name, "input") << "a <" << name << "/> in the form";
}

// SubmitForm: the host relays the posted text; the plugin answers with what it stored or the
// form again. Input no browser posts changes nothing.
class SubmittedForms : public Forms {
 protected:
  Reply submit(const Caller& caller, const std::string& signal_id, const std::string& fields) {
    return call(caller, "<SubmitFormRequest xmlns=\"urn:nl:zvh-pga:contract:1\"><signalId>" +
                            signal_id + "</signalId><stage>contribution</stage><fields>" +
                            fields + "</fields></SubmitFormRequest>");
  }
  std::size_t stored_contributions(const std::string& signal_id) {
    const Reply dossier = call(kPolitie, example("get-signal.xml", signal_id));
    EXPECT_EQ(dossier.status, ZVHPGA_OK) << dossier.document;
    return all(dossier.document, "<(contributionId)>").size();
  }
};

TEST_F(SubmittedForms, TheFormForASignalNamesTheMeldingAndAsksTheContributionsOwnQuestions) {
  const std::string signal_id = register_signal();
  const std::string document =
      form(kPolitie, "contribution", "<signalId>" + signal_id + "</signalId>");
  EXPECT_NE(document.find("<dd>" + signal_id + "</dd>"), std::string::npos) << document;
  EXPECT_NE(document.find(">Ontvangen op</dt>"), std::string::npos);
  for (const char* field : {"contribution.position--criminal-route", "contribution.legal-basis",
                            "contribution.reasoning", "contribution.information-held"})
    EXPECT_NE(document.find(std::string("id=\"") + field + "\""), std::string::npos) << field;
}

TEST_F(SubmittedForms, EnteredAnswersComeBackInTheirFields) {
  const std::string signal_id = register_signal();
  const std::string document =
      form(kPolitie, "contribution", "<signalId>" + signal_id + "</signalId><enteredAnswers>"
                                     "feiten.wat=Gezien+%26+gehoord&amp;contribution.position="
                                     "criminal-route</enteredAnswers>");
  EXPECT_NE(document.find("Gezien &amp; gehoord</textarea>"), std::string::npos) << document;
  EXPECT_EQ(all(document, "<input [^>]*id=\"contribution\\.position--([a-z-]+)\"[^>]*checked="),
            std::vector<std::string>{"criminal-route"});
}

TEST_F(SubmittedForms, AFormForASignalTheCallerCannotSeeIsRefused) {
  EXPECT_EQ(call(kPolitie, form_request("contribution",
                                        "<signalId>3f0c6a52-6a43-4c1e-9a57-0f7f4f1f2b10</signalId>"))
                .error_code(),
            "unknown-signal");
}

TEST_F(SubmittedForms, AHalfFilledFormComesBackInDutchWithItsAnswersAndStoresNothing) {
  const std::string signal_id = register_signal();
  const Reply reply = submit(kPolitie, signal_id,
                             "feiten.wat=Gezien&amp;contribution.position=no-further-action"
                             "&amp;contribution.legal-basis=Wpg&amp;contribution.reasoning=Eigen");
  ASSERT_EQ(reply.status, ZVHPGA_OK) << reply.document;
  EXPECT_EQ(reply.text_of("outcome"), "refused");
  EXPECT_EQ(reply.text_of("code"), "criteria-incomplete");
  EXPECT_NE(reply.document.find("Niet alle vragen zijn volledig beantwoord."), std::string::npos);
  EXPECT_NE(reply.document.find(">Gezien</textarea>"), std::string::npos) << reply.document;
  EXPECT_NE(reply.document.find("id=\"foutmeldingen\""), std::string::npos);
  EXPECT_EQ(reply.document.find("criteria-incomplete\n"), std::string::npos);
  EXPECT_EQ(stored_contributions(signal_id), 0u);
}

TEST_F(SubmittedForms, AFormShownAgainIsOnRecordAsItsOperationsRefusal) {
  const std::string signal_id = register_signal();
  const Reply reply = submit(kPolitie, signal_id, "feiten.wat=Gezien");
  ASSERT_EQ(reply.text_of("outcome"), "refused") << reply.document;
  EXPECT_EQ(query("SELECT action, result FROM pga_audit_record ORDER BY seq DESC LIMIT 1"),
            (std::vector<std::vector<std::string>>{{"SubmitForm", "refused:" + reply.text_of("code")}}));
}

TEST_F(SubmittedForms, InputNoBrowserPostsIsRefusedAndChangesNothing) {
  const std::string signal_id = register_signal();
  for (const std::string fields :
       {"feiten.wat=%zz", "feiten.wat=%E2%82", "feiten.wat=a&amp;feiten.wat=b",
        "contribution.position=criminal-route&amp;contribution.position=refer-elsewhere"}) {
    const Reply reply = submit(kPolitie, signal_id, fields);
    EXPECT_EQ(reply.status, ZVHPGA_REJECTED) << fields;
    EXPECT_EQ(reply.error_code(), "invalid-value") << fields << reply.document;
  }
  EXPECT_EQ(stored_contributions(signal_id), 0u);
}

// A retry's kept answer names identifiers and states only: a form shown again holds what the
// person typed, so it runs again instead.
TEST_F(SubmittedForms, AFormShownAgainIsNotKeptAsTheAnswerToARetry) {
  const std::string signal_id = register_signal();
  const std::string request =
      "<SubmitFormRequest xmlns=\"urn:nl:zvh-pga:contract:1\" requestId=\"form-1\"><signalId>" +
      signal_id + "</signalId><stage>contribution</stage><fields>feiten.wat=Geheim+getypt"
      "</fields></SubmitFormRequest>";
  const Reply first = call(kPolitie, request);
  ASSERT_EQ(first.text_of("outcome"), "refused") << first.document;
  EXPECT_EQ(query("SELECT count(*) FROM pga_request_reply WHERE answer IS NULL")[0][0], "1");
  EXPECT_TRUE(query("SELECT answer FROM pga_request_reply WHERE answer LIKE '%Geheim%'").empty());
  EXPECT_EQ(call(kPolitie, request).text_of("outcome"), "refused");
}

TEST_F(SubmittedForms, OnlyWhoMaySubmitTheStagesOperationMaySubmitItsForm) {
  const std::string signal_id = register_signal();
  const Reply reply = submit(kIntake, signal_id, "feiten.wat=Gezien");
  EXPECT_EQ(reply.error_code(), "not-authorized") << reply.document;
  EXPECT_EQ(stored_contributions(signal_id), 0u);
}

// Every question of the intake answered as a person would; the responsible gemeente left out.
constexpr const char* kIntakeAnswers =
    "intake.received-on=2026-11-16&amp;intake.channel=meldpunt"
    "&amp;intake.reporter-type=local-partner&amp;intake.reporter-organisation=ROC+mentoraat"
    "&amp;intake.subject.name=J.+de+Vries&amp;intake.subject.birth-date=2007-03-14"
    "&amp;intake.subject.municipality=Utrecht&amp;intake.observed-facts=Uitspraken+in+de+klas"
    "&amp;intake.phenomenon=unclear&amp;intake.online-component=true"
    "&amp;intake.care-concern=false&amp;intake.urgency=regular&amp;intake.municipality=Utrecht";

// The intake form registers a signal: it names no melding, asks RegisterSignal's questions,
// and what it stores is a signal GetSignal reads.
class IntakeForms : public Forms {
 protected:
  Reply submit(const std::string& fields) {
    return call(kIntake, "<SubmitFormRequest xmlns=\"urn:nl:zvh-pga:contract:1\"><stage>intake"
                         "</stage><fields>" + fields + "</fields></SubmitFormRequest>");
  }
  std::string signals() { return query("SELECT count(*) FROM pga_signal")[0][0]; }
};

TEST_F(IntakeForms, TheIntakeFormAsksRegisterSignalsQuestionsAndNamesNoMelding) {
  const std::string document = form(kIntake, "intake");
  for (const char* field : {"intake.received-on", "intake.channel--meldpunt",
                            "intake.subject.name", "intake.subject.bsn",
                            "intake.phenomenon--jihadisme", "intake.urgency--acute"})
    EXPECT_NE(document.find(std::string("id=\"") + field + "\""), std::string::npos) << field;
  EXPECT_NE(document.find(">BSN van de persoon (niet verplicht)</label>"), std::string::npos);
  EXPECT_EQ(document.find("id=\"melding\""), std::string::npos) << document;
  // RegisterSignal stores no criteria answers, so its form asks none.
  EXPECT_EQ(document.find("name=\"feiten.wat\""), std::string::npos);
}

TEST_F(IntakeForms, ASubmittedIntakeIsASignalGetSignalReads) {
  const Reply reply = submit(kIntakeAnswers);
  ASSERT_EQ(reply.text_of("outcome"), "stored") << reply.document;
  const std::string signal_id = reply.text_of("signalId");
  EXPECT_EQ(reply.text_of("state"), "received");
  EXPECT_EQ(query("SELECT action, object, result FROM pga_audit_record ORDER BY seq DESC LIMIT 1"),
            (std::vector<std::vector<std::string>>{
                {"SubmitForm", "signal/" + signal_id, "success"}}));
  const Reply dossier = call(kGemeente, example("get-signal.xml", signal_id));
  ASSERT_EQ(dossier.status, ZVHPGA_OK) << dossier.document;
  EXPECT_EQ(dossier.text_of("observedFacts"), "Uitspraken in de klas");
  EXPECT_EQ(dossier.text_of("receivingPartner"), "gemeente");
}

TEST_F(IntakeForms, AHalfFilledIntakeComesBackInDutchWithItsAnswersStoresNothingAndIsOnRecord) {
  const std::string before = signals();
  const Reply reply = submit("intake.subject.name=&amp;intake.observed-facts=Gezien+%26+gehoord");
  ASSERT_EQ(reply.text_of("outcome"), "refused") << reply.document;
  EXPECT_EQ(reply.text_of("code"), "schema-invalid");
  EXPECT_NE(reply.document.find("Niet alle antwoorden zijn juist ingevuld."), std::string::npos);
  EXPECT_NE(reply.document.find(">Naam van de persoon</a>"), std::string::npos) << reply.document;
  EXPECT_NE(reply.document.find(">Gezien &amp; gehoord</textarea>"), std::string::npos);
  EXPECT_EQ(reply.document.find("id=\"melding\""), std::string::npos);
  EXPECT_EQ(signals(), before);
  EXPECT_EQ(last_audit_result(), "refused:schema-invalid");
}

TEST_F(IntakeForms, AValueTheRegistrationRefusesIsShownAtItsQuestion) {
  const std::string before = signals();
  const Reply reply = submit(std::string(kIntakeAnswers) + "&amp;intake.subject.bsn=111222334");
  ASSERT_EQ(reply.text_of("outcome"), "refused") << reply.document;
  EXPECT_EQ(reply.text_of("code"), "invalid-value");
  EXPECT_NE(reply.document.find(">BSN van de persoon</a>"), std::string::npos)
      << reply.document;
  EXPECT_NE(reply.document.find("value=\"111222334\""), std::string::npos);
  EXPECT_EQ(signals(), before);
  EXPECT_EQ(last_audit_result(), "refused:invalid-value");
}

TEST_F(IntakeForms, AFieldsMessageSitsBetweenItsLabelAndItsControlAndMarksTheFieldInvalid) {
  const Reply reply = submit(std::string(kIntakeAnswers) + "&amp;intake.subject.bsn=111222334");
  ASSERT_EQ(reply.text_of("outcome"), "refused") << reply.document;
  EXPECT_EQ(all(reply.document,
                "<div class=\"utrecht-form-field utrecht-form-field--invalid\">\\s*"
                "<div class=\"utrecht-form-field__label\">\\s*<label for=\"intake\\.subject\\.bsn\" "
                "[^>]*>[^<]*</label>\\s*</div>\\s*<p id=\"fout-intake\\.subject\\.bsn\" class=\""
                "utrecht-form-field__error-message utrecht-form-field-error-message\">([^<]+)</p>\\s*"
                "<div class=\"utrecht-form-field__input\">\\s*<input id=\"intake\\.subject\\.bsn\""),
            std::vector<std::string>{
                "Dit antwoord kan niet kloppen. Controleer het op een tikfout of een datum in de toekomst."})
      << reply.document;
  EXPECT_EQ(all(reply.document, "<input id=\"intake\\.subject\\.bsn\"[^>]* aria-describedby=\""
                               "(fout-intake\\.subject\\.bsn)\" aria-invalid=\"true\""),
            std::vector<std::string>{"fout-intake.subject.bsn"});
}

TEST_F(IntakeForms, ARegionWithOneGemeenteAsksNoResponsibleGemeente) {
  EXPECT_EQ(form(kIntake, "intake").find("intake.responsible-gemeente"), std::string::npos);
}

TEST_F(IntakeForms, AnIntakeFormNamingASignalIsRefused) {
  const std::string signal_id = register_signal();
  EXPECT_EQ(call(kIntake, form_request("intake", "<signalId>" + signal_id + "</signalId>"))
                .error_code(),
            "invalid-value");
}

TEST_F(IntakeForms, AnotherStagesFormWithoutItsSignalIsRefused) {
  const Reply reply = call(kPolitie, "<SubmitFormRequest xmlns=\"urn:nl:zvh-pga:contract:1\">"
                                     "<stage>contribution</stage><fields>feiten.wat=Gezien"
                                     "</fields></SubmitFormRequest>");
  EXPECT_EQ(reply.status, ZVHPGA_REJECTED) << reply.document;
  EXPECT_EQ(reply.error_code(), "invalid-value");
}

// Where the region has several gemeenten, the intake asks which one is responsible: the politie
// and the OM must say, a gemeente is responsible itself unless it names another.
class IntakeFormsOfSeveralGemeenten : public GemeentenTest {
 protected:
  std::string form(const Caller& caller) {
    const Reply reply = call(caller, form_request("intake"));
    EXPECT_EQ(reply.status, ZVHPGA_OK) << reply.document;
    return reply.document;
  }
  Reply submit(const Caller& caller, const std::string& fields) {
    return call(caller, "<SubmitFormRequest xmlns=\"urn:nl:zvh-pga:contract:1\"><stage>intake"
                        "</stage><fields>" + fields + "</fields></SubmitFormRequest>");
  }
  std::string responsible_gemeente_of(const Reply& registered, const Caller& reader) {
    const Reply dossier =
        call(reader, example("get-signal.xml", registered.text_of("signalId")));
    EXPECT_EQ(dossier.status, ZVHPGA_OK) << dossier.document;
    return dossier.text_of("responsibleGemeente");
  }
};

constexpr const char* kPolitieIntake{"politie-midden-nederland"};

TEST_F(IntakeFormsOfSeveralGemeenten, ThePolitiesIntakeAsksTheResponsibleGemeenteOfTheRegion) {
  const std::string document = form(Caller{kPolitieIntake, "intake-officer"});
  EXPECT_EQ(all(document, "<input [^>]*id=\"intake\\.responsible-gemeente--([a-z-]+)\""),
            (std::vector<std::string>{"gemeente-utrecht", "gemeente-zeist"}))
      << document;
  EXPECT_EQ(all(document, "<input [^>]*id=\"intake\\.responsible-gemeente--([a-z-]+)\"[^>]* "
                          "required="),
            std::vector<std::string>{"gemeente-utrecht"});
  EXPECT_NE(document.find(">Verantwoordelijke gemeente (waar de persoon woont)</legend>"),
            std::string::npos);
}

TEST_F(IntakeFormsOfSeveralGemeenten, AGemeentesIntakeMayLeaveTheResponsibleGemeenteToItself) {
  const std::string document = form(kIntake);
  EXPECT_NE(document.find(">Verantwoordelijke gemeente (waar de persoon woont) (niet verplicht; "
                          "leeg laten: uw eigen gemeente)</legend>"),
            std::string::npos)
      << document;
  EXPECT_TRUE(all(document, "<input [^>]*id=\"intake\\.responsible-gemeente--[a-z-]+\"[^>]* "
                            "(required)=")
                  .empty());
  EXPECT_EQ(responsible_gemeente_of(submit(kIntake, kIntakeAnswers), kIntake), "gemeente-utrecht");
}

TEST_F(IntakeFormsOfSeveralGemeenten, TheGemeenteNamedIsResponsibleForTheSignalRegistered) {
  const Reply reply = submit(Caller{kPolitieIntake, "intake-officer"},
                             std::string(kIntakeAnswers) +
                                 "&amp;intake.responsible-gemeente=gemeente-zeist");
  ASSERT_EQ(reply.text_of("outcome"), "stored") << reply.document;
  EXPECT_EQ(responsible_gemeente_of(reply, kZeistMember), "gemeente-zeist");
}

TEST_F(IntakeFormsOfSeveralGemeenten, APolitieIntakeNamingNoGemeenteComesBackAskingAtTheQuestion) {
  const auto before = content_fingerprint();
  const Reply reply = submit(Caller{kPolitieIntake, "intake-officer"}, kIntakeAnswers);
  ASSERT_EQ(reply.text_of("outcome"), "refused") << reply.document;
  EXPECT_EQ(reply.text_of("code"), "invalid-value");
  EXPECT_EQ(all(reply.document, "<a href=\"#(intake\\.responsible-gemeente--gemeente-utrecht)\">"
                                "Verantwoordelijke gemeente \\(waar de persoon woont\\)</a>"),
            std::vector<std::string>{"intake.responsible-gemeente--gemeente-utrecht"})
      << reply.document;
  EXPECT_EQ(content_fingerprint(), before);
}

}  // namespace
}  // namespace zvhpga::testing
