"""Every class of information the Elected Local Policing Bodies (Specified Information)
Order 2011 (SI 2011/3050, as amended by SI 2012/2479 and SI 2021/547) requires, with the
two documents the Police Reform and Social Responsibility Act 2011 requires beside it.

Items the portal publishes point at its pages; the rest start as "not yet published"
until an officer gives the address on the office's website in the admin. Running this
again (or after an officer has edited an item) changes nothing: items are matched by
class and title, and only missing ones are added.
"""

from django.db import migrations

ORDER = "SI 2011/3050 (as amended), Schedule, Part 1"
WHO, PRIORITIES, DECISIONS, POLICIES, CONTRACTS, GRANTS, REGISTERS = 1, 2, 3, 4, 5, 6, 7
NATIONAL_PRIORITIES, INSPECTIONS, COMPLAINTS, CUSTODY_VISITING = 8, 9, 10, 11

# (class, title, description, statutory reference, portal URL name)
ITEMS = [
    (
        WHO,
        "Names of the Commissioner and the Deputy Commissioner",
        "The name of each relevant office holder: the Police and Crime Commissioner and "
        "any Deputy Police and Crime Commissioner.",
        f"{ORDER}, paragraph 1(a)",
        "",
    ),
    (
        WHO,
        "Address for correspondence",
        "The address for correspondence of the Commissioner and the Deputy Commissioner.",
        f"{ORDER}, paragraph 1(b)",
        "",
    ),
    (
        WHO,
        "Salaries of the Commissioner and the Deputy Commissioner",
        "The salary of each relevant office holder.",
        f"{ORDER}, paragraph 1(c)",
        "",
    ),
    (
        WHO,
        "Allowances and expenses of the Commissioner and the Deputy Commissioner",
        "The allowances paid to each relevant office holder for expenses incurred in "
        "carrying out the body's functions.",
        f"{ORDER}, paragraph 1(d)",
        "",
    ),
    (
        WHO,
        "Number of staff",
        "The number of members of the office's staff (not counting a Deputy Commissioner).",
        f"{ORDER}, paragraph 2(a)",
        "",
    ),
    (
        WHO,
        "Staff diversity",
        "The proportion of the staff who are women, who are (to the office's knowledge) "
        "members of an ethnic minority, and who have (to its knowledge) a disability "
        "within the meaning of section 6 of the Equality Act 2010.",
        f"{ORDER}, paragraph 2(b)",
        "",
    ),
    (
        WHO,
        "Organisational chart",
        "An organisational chart showing the structure of the staff.",
        f"{ORDER}, paragraph 2(c)",
        "",
    ),
    (
        WHO,
        "Senior employees",
        "The job title, responsibilities and salary of each senior employee, and their name.",
        f"{ORDER}, paragraph 2(d)",
        "",
    ),
    (
        WHO,
        "Use of police force and local authority staff",
        "Any arrangements for the office to use the staff of the chief officer of police, "
        "or of a local authority, to provide it with assistance or services.",
        f"{ORDER}, paragraph 2A",
        "",
    ),
    (
        WHO,
        "Total budget",
        "The total budget of the office, published before the start of each financial year.",
        f"{ORDER}, paragraph 3(a)",
        "",
    ),
    (
        WHO,
        "Council tax precept",
        "The precept issued by the Commissioner.",
        f"{ORDER}, paragraph 3(b)",
        "",
    ),
    (
        WHO,
        "Sources of revenue",
        "Each anticipated source of revenue other than the precept.",
        f"{ORDER}, paragraph 3(c)",
        "",
    ),
    (
        WHO,
        "Proposed expenditure",
        "Information about the office's proposed expenditure.",
        f"{ORDER}, paragraph 3(d)",
        "",
    ),
    (
        WHO,
        "Annual investment strategy",
        "A copy of the office's annual investment strategy.",
        f"{ORDER}, paragraph 3(e)",
        "",
    ),
    (
        WHO,
        "Spending over £500",
        "Each item of expenditure over £500 by the office or the chief officer of police, "
        "with the recipient, the purpose and why it was considered good value for money; "
        "published monthly.",
        f"{ORDER}, paragraph 3(g)",
        "",
    ),
    (
        WHO,
        "Premises and land",
        "The identity of the premises and land owned by, or occupied for the purposes of, "
        "the office.",
        f"{ORDER}, paragraph 4(a)",
        "",
    ),
    (
        PRIORITIES,
        "Police and Crime Plan",
        "The Commissioner's Police and Crime Plan: the priorities for policing and crime "
        "reduction in the area.",
        "Police Reform and Social Responsibility Act 2011, section 5",
        "",
    ),
    (
        PRIORITIES,
        "Annual report",
        "The Commissioner's annual report on progress against the Police and Crime Plan.",
        "Police Reform and Social Responsibility Act 2011, section 12",
        "",
    ),
    (
        PRIORITIES,
        "Crime and disorder reduction reports",
        "A copy of any report the office requires from the responsible authorities for a "
        "local government area under section 7(1) of the Crime and Disorder Act 1998.",
        f"{ORDER}, paragraph 7",
        "",
    ),
    (
        DECISIONS,
        "Decisions of significant public interest",
        "A record of each decision of significant public interest arising from the "
        "office's functions, whether made at a meeting or otherwise.",
        f"{ORDER}, paragraph 5(d)",
        "decisions:list",
    ),
    (
        DECISIONS,
        "Dates, times and places of public meetings",
        "The date, time and place of each public meeting to be held.",
        f"{ORDER}, paragraph 5(a)",
        "board:meetings",
    ),
    (
        DECISIONS,
        "Agendas and reports of public meetings",
        "The agenda of each public meeting, and each report or other document that is the "
        "subject of an item on it.",
        f"{ORDER}, paragraph 5(b)",
        "board:meetings",
    ),
    (
        DECISIONS,
        "Minutes of meetings",
        "The minutes of each public meeting, and of each meeting that is not public but at "
        "which matters of significant public interest are discussed.",
        f"{ORDER}, paragraph 5(c)",
        "board:meetings",
    ),
    (
        POLICIES,
        "Conduct",
        "A statement of the office's policy on conduct.",
        f"{ORDER}, paragraph 6",
        "",
    ),
    (
        POLICIES,
        "Decision-making",
        "A statement of the office's policy on making decisions.",
        f"{ORDER}, paragraph 6",
        "",
    ),
    (
        POLICIES,
        "Records management",
        "A statement of the office's policy on records management, including the security "
        "of information, information sharing and the retention or destruction of documents.",
        f"{ORDER}, paragraph 6",
        "",
    ),
    (
        POLICIES,
        "Whistleblowing (qualifying disclosures)",
        "A statement of the office's policy on qualifying disclosures by staff.",
        f"{ORDER}, paragraph 6",
        "",
    ),
    (
        CONTRACTS,
        "Contracts over £10,000",
        "A copy of each contract worth more than £10,000 to which the office or the chief "
        "officer of police is a party.",
        f"{ORDER}, paragraph 3(h)",
        "commissioning:list",
    ),
    (
        CONTRACTS,
        "Invitations to tender",
        "A copy of each invitation to tender for a contract expected to be worth more than "
        "£10,000.",
        f"{ORDER}, paragraph 3(i)",
        "",
    ),
    (
        CONTRACTS,
        "Contracts of £10,000 or less",
        "A list of each contract worth £10,000 or less, with its value, the parties to it "
        "and its purpose.",
        f"{ORDER}, paragraph 3(j)",
        "",
    ),
    (
        GRANTS,
        "Crime and disorder reduction grants",
        "Each crime and disorder reduction grant made: the recipient, the conditions "
        "attached, the purpose, and why it was considered that the grant would secure or "
        "contribute to crime and disorder reduction in the area.",
        f"{ORDER}, paragraph 3(f)",
        "grants:index",
    ),
    (
        REGISTERS,
        "Register of interests",
        "A register of the interests of the Commissioner and the Deputy Commissioner, "
        "including every paid employment or office and other pecuniary interest.",
        f"{ORDER}, paragraph 1(e)",
        "transparency:interests",
    ),
    (
        REGISTERS,
        "Register of gifts and hospitality",
        "A register of each offer of a gift or hospitality made to the Commissioner, the "
        "Deputy Commissioner or a member of staff, saying whether it was accepted or refused.",
        f"{ORDER}, paragraph 2(e)",
        "transparency:gifts-and-hospitality",
    ),
    (
        NATIONAL_PRIORITIES,
        "Contribution to the national policing priorities",
        "A statement on the contribution of the police force to achieving improvements "
        "against the key national priorities for policing communicated by the Secretary "
        "of State.",
        f"{ORDER}, paragraph 7A(a), inserted by SI 2021/547",
        "",
    ),
    (
        NATIONAL_PRIORITIES,
        "Which national priorities apply locally",
        "An explanation of which of the national priorities are assessed to apply, and "
        "which not, in the police area, and the reasons for that assessment.",
        f"{ORDER}, paragraph 7A(b), inserted by SI 2021/547",
        "",
    ),
    (
        INSPECTIONS,
        "HMICFRS annual assessment of the force",
        "The most recent annual report of His Majesty's Inspectorate of Constabulary and "
        "Fire & Rescue Services on the effectiveness, efficiency and legitimacy of the force.",
        f"{ORDER}, paragraph 7B(a), inserted by SI 2021/547",
        "",
    ),
    (
        INSPECTIONS,
        "HMICFRS summary assessment of the force's performance",
        "The most recent summary assessment by the inspectorate of the force's performance.",
        f"{ORDER}, paragraph 7B(b), inserted by SI 2021/547",
        "",
    ),
    (
        INSPECTIONS,
        "The Commissioner's comments on HMICFRS reports",
        "The Commissioner's comments on each inspection report about the force, published "
        "within 56 days of the report.",
        "Police Act 1996, section 55",
        "",
    ),
    (
        COMPLAINTS,
        "Complaints referred by the Police and Crime Panel",
        "The number of complaints or conduct matters about the Commissioner or the Deputy "
        "Commissioner brought to their attention by the Police and Crime Panel.",
        f"{ORDER}, paragraph 1(f)",
        "",
    ),
    (
        COMPLAINTS,
        "Police complaints statistics",
        "The most recent quarterly data and annual statistics report on complaints about "
        "the force published by the Independent Office for Police Conduct.",
        f"{ORDER}, paragraph 7C(a), inserted by SI 2021/547",
        "",
    ),
    (
        COMPLAINTS,
        "How the Commissioner oversees complaint handling",
        "A report on how the Commissioner has held the Chief Constable to account for the "
        "handling of complaints, and on how the Commissioner carries out their own "
        "complaints functions under Part 2 of the Police Reform Act 2002.",
        f"{ORDER}, paragraph 7C(b), inserted by SI 2021/547",
        "",
    ),
    (
        CUSTODY_VISITING,
        "Independent custody visiting",
        "Information on the operation of the independent custody visitor arrangements made "
        "under section 51 of the Police Reform Act 2002.",
        f"{ORDER}, paragraph 8",
        "",
    ),
]


def add_items(apps, schema_editor):
    PublicationSchemeItem = apps.get_model("transparency", "PublicationSchemeItem")
    positions = {}
    for scheme_class, title, description, reference, url_name in ITEMS:
        positions[scheme_class] = positions.get(scheme_class, 0) + 1
        PublicationSchemeItem.objects.get_or_create(
            scheme_class=scheme_class,
            title=title,
            defaults={
                "position": positions[scheme_class],
                "description": description,
                "statutory_reference": reference,
                "portal_url_name": url_name,
            },
        )


def remove_items(apps, schema_editor):
    PublicationSchemeItem = apps.get_model("transparency", "PublicationSchemeItem")
    for scheme_class, title, *_ in ITEMS:
        PublicationSchemeItem.objects.filter(scheme_class=scheme_class, title=title).delete()


class Migration(migrations.Migration):
    dependencies = [("transparency", "0001_initial")]

    operations = [migrations.RunPython(add_items, remove_items)]
