"""The transparency permissions each officer role holds (applied after every migrate).

The Publisher keeps the publication scheme and the two registers up to date and may
delete a member of the public's alert subscription on request; the Chief Executive and
Chief Finance Officer (officer approvers) and the Commissioner can read them.
"""

from pcc_portal import roles

_READ = [
    "transparency.view_publicationschemeitem",
    "transparency.view_registeredinterest",
    "transparency.view_giftorhospitality",
]

PERMISSIONS = {
    roles.PUBLISHER: [
        *_READ,
        "transparency.change_publicationschemeitem",
        "transparency.add_publicationschemeitem",
        "transparency.add_registeredinterest",
        "transparency.change_registeredinterest",
        "transparency.delete_registeredinterest",
        "transparency.add_giftorhospitality",
        "transparency.change_giftorhospitality",
        "transparency.delete_giftorhospitality",
        "transparency.view_alertsubscription",
        "transparency.delete_alertsubscription",
    ],
    roles.OFFICER_APPROVER: _READ,
    roles.COMMISSIONER: _READ,
}
